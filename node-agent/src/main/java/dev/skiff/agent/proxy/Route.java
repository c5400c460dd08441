package dev.skiff.agent.proxy;

import java.time.Duration;
import java.util.List;

/** Where a service port's traffic goes: its ready backends, and the ClientIP affinity timeout (null: none). */
public record Route(PortKey key, List<Backend> backends, Duration affinity) {
    public Route {
        backends = List.copyOf(backends);
    }
}
