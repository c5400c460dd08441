package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Desired state of a service. {@code clusterIP: None} makes it headless. externalTrafficPolicy and
 * loadBalancerIP only matter for NodePort / LoadBalancer services.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ServiceSpec(List<ServicePort> ports, Map<String, String> selector, String clusterIP,
                          List<String> clusterIPs, ServiceType type, SessionAffinity sessionAffinity,
                          SessionAffinityConfig sessionAffinityConfig,
                          ExternalTrafficPolicy externalTrafficPolicy, String loadBalancerIP) {

    public static final String HEADLESS = "None";

    public List<ServicePort> portsOrEmpty() {
        return ports == null ? List.of() : ports;
    }

    public boolean headless() {
        return HEADLESS.equals(clusterIP);
    }

    /** The address the allocator chose; clusterIPs follows Kubernetes in listing it first. */
    public ServiceSpec withClusterIP(String ip) {
        return new ServiceSpec(ports, selector, ip, ip == null ? null : List.of(ip), type, sessionAffinity,
                sessionAffinityConfig, externalTrafficPolicy, loadBalancerIP);
    }

    public ServiceSpec withPorts(List<ServicePort> v) {
        return new ServiceSpec(v, selector, clusterIP, clusterIPs, type, sessionAffinity,
                sessionAffinityConfig, externalTrafficPolicy, loadBalancerIP);
    }
}
