package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A liveness, readiness or startup check: exactly one of exec, httpGet, tcpSocket. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Probe(ExecAction exec, HttpGetAction httpGet, TcpSocketAction tcpSocket,
                   Integer initialDelaySeconds, Integer timeoutSeconds, Integer periodSeconds,
                   Integer successThreshold, Integer failureThreshold) {

    /** Kubernetes' defaults for the unset numbers (core/v1 Probe). */
    public Probe withDefaults() {
        return new Probe(exec, httpGet, tcpSocket, or(initialDelaySeconds, 0), or(timeoutSeconds, 1),
                or(periodSeconds, 10), or(successThreshold, 1), or(failureThreshold, 3));
    }

    private static Integer or(Integer v, int dflt) {
        return v == null ? Integer.valueOf(dflt) : v;
    }
}
