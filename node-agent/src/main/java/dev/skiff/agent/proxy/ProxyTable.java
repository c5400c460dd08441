package dev.skiff.agent.proxy;

import dev.skiff.api.EndpointAddress;
import dev.skiff.api.EndpointPort;
import dev.skiff.api.EndpointSubset;
import dev.skiff.api.Endpoints;
import dev.skiff.api.LoadBalancerIngress;
import dev.skiff.api.Protocol;
import dev.skiff.api.Service;
import dev.skiff.api.ServicePort;
import dev.skiff.api.ServiceSpec;
import dev.skiff.api.ServiceType;
import dev.skiff.api.SessionAffinity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * What one node's proxy should do, computed from Services and Endpoints (pure): the frontends to
 * listen on — each cluster IP:port, each node port on {@code nodePortAddress}, each LoadBalancer
 * port on this node's address when the node is among the service's ingress — and each service
 * port's ready backends.
 */
public record ProxyTable(Map<Frontend, PortKey> frontends, Map<PortKey, Route> routes) {

    public static ProxyTable build(Collection<Service> services, BiFunction<String, String, Optional<Endpoints>> endpoints,
                                   String nodeAddress, String nodePortAddress) {
        Map<Frontend, PortKey> frontends = new LinkedHashMap<>();
        Map<PortKey, Route> routes = new LinkedHashMap<>();
        for (Service s : services) {
            ServiceSpec spec = s.spec();
            if (spec == null || spec.headless() || spec.clusterIP() == null || spec.clusterIP().isEmpty()) continue;
            Optional<Endpoints> ep = endpoints.apply(s.namespace(), s.name());
            for (ServicePort p : spec.portsOrEmpty()) {
                if (p.port() == null) continue;
                Protocol protocol = p.protocol() == null ? Protocol.TCP : p.protocol();
                PortKey key = new PortKey(s.namespace(), s.name(), p.name() == null ? "" : p.name(), protocol);
                routes.put(key, new Route(key, backends(ep, key.port(), protocol), affinity(spec)));
                frontends.put(new Frontend(spec.clusterIP(), p.port(), protocol), key);
                if (p.nodePort() != null && p.nodePort() != 0 && spec.type() != ServiceType.CLUSTER_IP) {
                    frontends.put(new Frontend(nodePortAddress, p.nodePort(), protocol), key);
                }
                if (spec.type() == ServiceType.LOAD_BALANCER && ingress(s).contains(nodeAddress)) {
                    frontends.put(new Frontend(nodeAddress, p.port(), protocol), key);
                }
            }
        }
        return new ProxyTable(Map.copyOf(frontends), Map.copyOf(routes));
    }

    static List<Backend> backends(Optional<Endpoints> ep, String portName, Protocol protocol) {
        List<Backend> out = new ArrayList<>();
        if (ep.isEmpty() || ep.get().subsets() == null) return out;
        for (EndpointSubset subset : ep.get().subsets()) {
            if (subset.addresses() == null || subset.ports() == null) continue;
            Optional<EndpointPort> port = subset.ports().stream()
                    .filter(pt -> Objects.equals(pt.name() == null ? "" : pt.name(), portName)
                            && (pt.protocol() == null ? Protocol.TCP : pt.protocol()) == protocol)
                    .findFirst();
            if (port.isEmpty() || port.get().port() == null) continue;
            for (EndpointAddress a : subset.addresses()) out.add(new Backend(a.ip(), port.get().port()));
        }
        return out;
    }

    private static Duration affinity(ServiceSpec spec) {
        if (spec.sessionAffinity() != SessionAffinity.CLIENT_IP) return null;
        var c = spec.sessionAffinityConfig();
        int seconds = c != null && c.clientIP() != null && c.clientIP().timeoutSeconds() != null
                ? c.clientIP().timeoutSeconds() : 10800;
        return Duration.ofSeconds(seconds);
    }

    private static List<String> ingress(Service s) {
        if (s.status() == null || s.status().loadBalancer() == null || s.status().loadBalancer().ingress() == null) {
            return List.of();
        }
        return s.status().loadBalancer().ingress().stream().map(LoadBalancerIngress::ip).filter(Objects::nonNull).toList();
    }
}
