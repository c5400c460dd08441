package dev.skiff.agent.proxy.chaos;

import dev.skiff.agent.proxy.Fault;
import dev.skiff.agent.proxy.Flow;
import dev.skiff.api.Protocol;
import dev.skiff.chaos.NetworkChaosAction;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One connection's view of the {@link ChaosFilter}: it re-reads the rules in force at every
 * decision (cheaply: the matching rules are cached per snapshot), so an update reaches
 * established connections too. Semantics: see {@link ChaosFilter}.
 */
final class ChaosFault implements Fault {

    private static final long QUIET_NANOS = 20_000_000;

    /** One direction's burst bookkeeping; written only by that direction's copy thread. */
    private static final class Lane {
        volatile long forwarded;
        long seenOther = -1;
        long lastDone;
    }

    private record Matched(ChaosFilter.Snapshot snapshot, List<CompiledRule> rules) {
    }

    private final Flow flow;
    private final ChaosFilter filter;
    private final boolean udp;
    private final Map<CompiledRule, Boolean> drawn = new ConcurrentHashMap<>();
    private final Lane toBackend = new Lane();
    private final Lane toClient = new Lane();
    private volatile Matched matched = new Matched(null, List.of());
    private volatile Matched applicable = new Matched(null, List.of());
    /** The pod the client is, asked once when a rule with a sending side first matters; null until then. */
    private volatile Optional<String> clientPod;

    ChaosFault(Flow flow, ChaosFilter filter) {
        this.flow = flow;
        this.filter = filter;
        this.udp = flow.service().protocol() == Protocol.UDP;
    }

    @Override
    public Action onConnect(Flow f) {
        if (udp) return Action.FORWARD; // UDP is judged datagram by datagram
        try {
            while (true) {
                ChaosFilter.Snapshot s = filter.current();
                boolean hold = false;
                for (CompiledRule r : applicable(s)) {
                    switch (r.action) {
                        case RESET -> {
                            if (drawn(r)) return Action.RESET;
                        }
                        case PARTITION -> hold = true;
                        case LOSS -> hold |= drawn(r);
                        case DELAY, BANDWIDTH -> { }
                    }
                }
                if (!hold) return Action.FORWARD;
                filter.awaitChange(s, ChaosFilter.FOREVER);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Action.RESET;
        }
    }

    /** No rule in force matches this connection (cached per snapshot, so a volatile read and a compare). */
    @Override
    public boolean idle() {
        return rules(filter.current()).isEmpty();
    }

    @Override
    public Action beforeForward(Direction direction, int bytes) {
        if (udp) return datagram(direction);
        long arrived = System.nanoTime();
        Lane lane = lane(direction);
        Lane other = direction == Direction.TO_BACKEND ? toClient : toBackend;
        boolean burst = lane.forwarded == 0 || other.forwarded != lane.seenOther || arrived - lane.lastDone >= QUIET_NANOS;
        if (!rules(filter.current()).isEmpty()) {
            Action a = hold(direction, bytes, arrived, burst);
            if (a != Action.FORWARD) return a;
        }
        lane.seenOther = other.forwarded;
        lane.lastDone = System.nanoTime();
        lane.forwarded++;
        return Action.FORWARD;
    }

    /** Waits as long as the rules in force say (re-read whenever they change); RESET if one resets. */
    private Action hold(Direction direction, int bytes, long arrived, boolean burst) {
        Map<CompiledRule, Long> until = new HashMap<>(4); // this chunk's release time per rule, fixed once taken
        try {
            while (true) {
                ChaosFilter.Snapshot s = filter.current();
                long release = arrived;
                boolean hold = false;
                for (CompiledRule r : applicable(s)) {
                    if (r.action == NetworkChaosAction.RESET) {
                        if (drawn(r)) return Action.RESET;
                        continue;
                    }
                    if (!r.affects(direction)) continue;
                    switch (r.action) {
                        case PARTITION -> hold = true;
                        case LOSS -> hold |= drawn(r);
                        case DELAY -> {
                            if (burst) release = Math.max(release, until.computeIfAbsent(r, k -> arrived + k.sampleDelayNanos()));
                        }
                        case BANDWIDTH -> release = Math.max(release,
                                until.computeIfAbsent(r, k -> k.bucket(direction).reserve(bytes, arrived)));
                        case RESET -> { }
                    }
                }
                if (!hold && release - System.nanoTime() <= 0) return Action.FORWARD;
                if (!filter.awaitChange(s, hold ? ChaosFilter.FOREVER : release)) return Action.FORWARD; // held long enough
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Action.RESET;
        }
    }

    /** UDP: loss drops a share of datagrams, partition all of them; nothing ever waits. */
    private Action datagram(Direction direction) {
        for (CompiledRule r : applicable(filter.current())) {
            if (!r.affects(direction)) continue;
            if (r.action == NetworkChaosAction.PARTITION || (r.action == NetworkChaosAction.LOSS && r.hit())) return Action.DROP;
        }
        return Action.FORWARD;
    }

    private Lane lane(Direction d) {
        return d == Direction.TO_BACKEND ? toBackend : toClient;
    }

    /** This connection's one draw for a loss or reset rule. */
    private boolean drawn(CompiledRule r) {
        return drawn.computeIfAbsent(r, CompiledRule::hit);
    }

    /**
     * The matching rules that apply to this client: those without a sending side, and those whose
     * sources include the client's pod (looked up once, and only if such a rule matches).
     */
    private List<CompiledRule> applicable(ChaosFilter.Snapshot s) {
        Matched a = applicable;
        if (a.snapshot() == s) return a.rules();
        List<CompiledRule> rules = rules(s);
        if (rules.stream().anyMatch(CompiledRule::sending)) {
            Optional<String> pod = clientPod();
            rules = rules.stream().filter(r -> r.fromSource(pod)).toList();
        }
        applicable = new Matched(s, rules);
        return rules;
    }

    private Optional<String> clientPod() {
        Optional<String> pod = clientPod;
        if (pod == null) {
            pod = filter.clientPods().podOf(flow.client(), flow.service().protocol());
            clientPod = pod;
        }
        return pod;
    }

    private List<CompiledRule> rules(ChaosFilter.Snapshot s) {
        Matched m = matched;
        if (m.snapshot() == s) return m.rules();
        List<CompiledRule> rules = s.rules().isEmpty() ? List.of() : s.rules().stream().filter(r -> r.matches(flow)).toList();
        matched = new Matched(s, rules);
        return rules;
    }
}
