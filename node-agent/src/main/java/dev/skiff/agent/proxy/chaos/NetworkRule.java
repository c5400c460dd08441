package dev.skiff.agent.proxy.chaos;

import dev.skiff.chaos.NetworkChaosSpec;
import java.net.InetSocketAddress;
import java.util.Set;

/**
 * One NetworkChaos as this node's proxy applies it: the fault {@code spec} hits connections whose
 * chosen backend (node address : host port) is in {@code backends} — an empty set matches none —
 * and whose service ("namespace/name") is in {@code services}, where an empty set means any service.
 */
public record NetworkRule(String faultUid, NetworkChaosSpec spec, Set<InetSocketAddress> backends, Set<String> services) {

    public NetworkRule {
        backends = Set.copyOf(backends);
        services = Set.copyOf(services);
    }
}
