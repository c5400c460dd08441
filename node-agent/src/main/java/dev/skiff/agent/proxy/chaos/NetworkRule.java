package dev.skiff.agent.proxy.chaos;

import dev.skiff.chaos.NetworkChaosSpec;
import java.net.InetSocketAddress;
import java.util.Set;

/**
 * One active NetworkChaos as the proxy applies it: connections to {@code backends} (the selected
 * pods' endpoint addresses) through {@code services} ("ns/name"; empty = any service).
 */
public record NetworkRule(String faultUid, NetworkChaosSpec spec, Set<InetSocketAddress> backends, Set<String> services) {
    public NetworkRule {
        backends = Set.copyOf(backends);
        services = Set.copyOf(services);
    }
}
