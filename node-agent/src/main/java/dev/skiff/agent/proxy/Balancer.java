package dev.skiff.agent.proxy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Picks backends for one service port: round robin, or the client's previous backend while its
 * ClientIP affinity lasts. {@link #candidates} gives the order to try in, so a refused connection
 * falls through to the next backend. Backends are swapped atomically on an Endpoints change.
 */
public final class Balancer {

    private record Sticky(Backend backend, Instant until) {
    }

    private final Clock clock;
    private volatile Route route;
    private final AtomicInteger next = new AtomicInteger();
    private final Map<String, Sticky> affinity = new ConcurrentHashMap<>();

    public Balancer(Route route, Clock clock) {
        this.route = route;
        this.clock = clock;
    }

    public Route route() {
        return route;
    }

    public void update(Route r) {
        this.route = r;
        if (r.affinity() == null) affinity.clear();
        else affinity.values().removeIf(s -> !r.backends().contains(s.backend()));
    }

    /** Every backend once, in the order to try them for a client at {@code clientIp}. */
    public List<Backend> candidates(String clientIp) {
        Route r = route;
        List<Backend> all = r.backends();
        if (all.isEmpty()) return List.of();
        List<Backend> order = new ArrayList<>(all.size());
        if (r.affinity() != null) {
            Sticky s = affinity.get(clientIp);
            if (s != null && s.until().isAfter(clock.instant()) && all.contains(s.backend())) order.add(s.backend());
        }
        int start = Math.floorMod(next.getAndIncrement(), all.size());
        for (int i = 0; i < all.size(); i++) {
            Backend b = all.get((start + i) % all.size());
            if (!order.contains(b)) order.add(b);
        }
        return order;
    }

    /** The client reached {@code backend}: with affinity, it sticks there for the timeout (renewed on each use). */
    public void used(String clientIp, Backend backend) {
        Duration timeout = route.affinity();
        if (timeout != null) affinity.put(clientIp, new Sticky(backend, clock.instant().plus(timeout)));
    }
}
