package dev.skiff.agent.fault;

import dev.skiff.agent.proxy.chaos.ChaosFilter;
import dev.skiff.agent.proxy.chaos.NetworkRule;
import dev.skiff.api.EndpointAddress;
import dev.skiff.api.EndpointPort;
import dev.skiff.api.EndpointSubset;
import dev.skiff.api.Endpoints;
import dev.skiff.chaos.ChaosTarget;
import dev.skiff.chaos.Fault;
import dev.skiff.chaos.NetworkChaos;
import dev.skiff.chaos.NetworkChaosSpec;
import dev.skiff.client.Informer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The active NetworkChaos faults as the proxy's rules: each selected pod's endpoint addresses
 * (every port of every Endpoints that lists the pod) and the target services. Every agent's proxy
 * gets every rule, since any node may proxy to any pod. Handed over only when they change.
 */
final class NetworkRules {
    private final ChaosFilter filter;
    private final Informer<Endpoints> endpoints;
    private List<NetworkRule> last = List.of();

    NetworkRules(ChaosFilter filter, Informer<Endpoints> endpoints) {
        this.filter = filter;
        this.endpoints = endpoints;
    }

    Informer<Endpoints> endpoints() {
        return endpoints;
    }

    void update(List<Fault> active) {
        if (filter == null) return;
        List<NetworkRule> rules = new ArrayList<>();
        for (Fault f : active) if (f instanceof NetworkChaos nc) rules.add(rule(nc));
        if (rules.equals(last)) return;
        last = List.copyOf(rules);
        filter.update(last);
    }

    private NetworkRule rule(NetworkChaos nc) {
        Set<String> pods = new HashSet<>();
        for (ChaosTarget t : nc.statusOrNew().targets()) pods.add(t.namespace() + "/" + t.name());
        Set<InetSocketAddress> backends = new HashSet<>();
        if (endpoints != null) {
            for (Endpoints e : endpoints.list()) {
                for (EndpointSubset s : e.subsets() == null ? List.<EndpointSubset>of() : e.subsets()) {
                    addresses(s).filter(a -> a.targetRef() != null && pods.contains(e.namespace() + "/" + a.targetRef().name()))
                            .forEach(a -> ports(s).forEach(p -> backends.add(new InetSocketAddress(a.ip(), p.port()))));
                }
            }
        }
        Set<String> services = new HashSet<>();
        NetworkChaosSpec.Target target = nc.spec().target();
        if (target != null && target.services() != null) {
            for (String s : target.services()) services.add(s.contains("/") ? s : nc.namespace() + "/" + s);
        }
        return new NetworkRule(nc.metadata().uid(), nc.spec(), backends, services);
    }

    private static Stream<EndpointAddress> addresses(EndpointSubset s) {
        return Stream.concat(s.addresses() == null ? Stream.empty() : s.addresses().stream(),
                s.notReadyAddresses() == null ? Stream.empty() : s.notReadyAddresses().stream());
    }

    private static Stream<EndpointPort> ports(EndpointSubset s) {
        return s.ports() == null ? Stream.empty() : s.ports().stream().filter(p -> p.port() != null);
    }
}
