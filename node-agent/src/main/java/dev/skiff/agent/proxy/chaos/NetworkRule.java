package dev.skiff.agent.proxy.chaos;

import dev.skiff.chaos.NetworkChaosSpec;
import java.net.InetSocketAddress;
import java.util.Set;

/**
 * One NetworkChaos as this node's proxy applies it: the fault {@code spec} hits connections whose
 * chosen backend (node address : host port) is in {@code backends} — an empty set matches none —
 * and whose service ("namespace/name") is in {@code services}, where an empty set means any service.
 * {@code sources}, when not null, are the uids of the pods on the sending side: then only
 * connections whose client is one of those pods are hit (an empty set hits none); null = any client.
 */
public record NetworkRule(String faultUid, NetworkChaosSpec spec, Set<InetSocketAddress> backends, Set<String> services,
                          Set<String> sources) {

    public NetworkRule {
        backends = Set.copyOf(backends);
        services = Set.copyOf(services);
        sources = sources == null ? null : Set.copyOf(sources);
    }

    /** A rule without a sending side: any client. */
    public NetworkRule(String faultUid, NetworkChaosSpec spec, Set<InetSocketAddress> backends, Set<String> services) {
        this(faultUid, spec, backends, services, null);
    }
}
