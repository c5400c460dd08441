package dev.skiff.agent.proxy.chaos;

import dev.skiff.api.Protocol;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Which pod a proxied connection comes from, for NetworkChaos rules with a sending side. Asked
 * only for connections that such a rule could hit, at most once per connection, and never on an
 * event loop (it may read files).
 */
@FunctionalInterface
public interface ClientPods {

    /** Knows no pod: a rule with a sending side then hits nothing. */
    ClientPods NONE = (client, protocol) -> Optional.empty();

    /**
     * The uid of the pod whose process holds the client end of a connection from {@code client};
     * empty when that is no pod's process (a host process, a container in its own network
     * namespace), the client is gone, or it cannot be read.
     */
    Optional<String> podOf(InetSocketAddress client, Protocol protocol);
}
