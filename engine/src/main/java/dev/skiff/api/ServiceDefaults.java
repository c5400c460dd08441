package dev.skiff.api;

import java.util.List;

/** Service spec defaulting: type, affinity, port protocol and targetPort. */
final class ServiceDefaults {

    private ServiceDefaults() {
    }

    static ServiceSpec spec(ServiceSpec s) {
        ServiceType type = Defaults.or(s.type(), ServiceType.CLUSTER_IP);
        SessionAffinity affinity = Defaults.or(s.sessionAffinity(), SessionAffinity.NONE);
        SessionAffinityConfig config = s.sessionAffinityConfig();
        if (affinity == SessionAffinity.CLIENT_IP && (config == null || config.clientIP() == null
                || config.clientIP().timeoutSeconds() == null)) {
            config = new SessionAffinityConfig(new ClientIPConfig(Defaults.CLIENT_IP_TIMEOUT_SECONDS));
        }
        ExternalTrafficPolicy traffic = type == ServiceType.CLUSTER_IP ? s.externalTrafficPolicy()
                : Defaults.or(s.externalTrafficPolicy(), ExternalTrafficPolicy.CLUSTER);
        return new ServiceSpec(ports(s.ports()), s.selector(), s.clusterIP(), s.clusterIPs(), type, affinity,
                config, traffic, s.loadBalancerIP());
    }

    private static List<ServicePort> ports(List<ServicePort> ports) {
        return ports == null ? null : ports.stream()
                .map(p -> new ServicePort(p.name(), Defaults.or(p.protocol(), Protocol.TCP), p.port(),
                        p.targetPort() == null && p.port() != null ? IntOrString.of(p.port()) : p.targetPort(),
                        p.nodePort()))
                .toList();
    }
}
