package dev.skiff.agent.proxy.chaos;

import dev.skiff.agent.proxy.Backend;
import dev.skiff.agent.proxy.Fault;
import dev.skiff.agent.proxy.Flow;
import dev.skiff.chaos.Direction;
import dev.skiff.chaos.GoDuration;
import dev.skiff.chaos.NetworkChaosAction;
import dev.skiff.chaos.NetworkChaosSpec;
import dev.skiff.chaos.NetworkUnits;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.stream.Collectors;

/**
 * A {@link NetworkRule} parsed once per {@link ChaosFilter#update}: its numbers, its direction, and
 * the state it keeps across connections (token buckets, the correlated random sequence). An
 * unchanged rule keeps its instance across updates, so connections' per-rule draws stay put.
 */
final class CompiledRule {

    /** Unset buffer: 100 ms of traffic at the rate may go at once (but at least one full-size packet). */
    private static final long MIN_BURST = 1500;

    final NetworkRule rule;
    final NetworkChaosAction action;
    private final boolean toBackend;
    private final boolean toClient;
    private final Set<String> backendKeys;
    private final long latencyNanos;
    private final long jitterNanos;
    private final double share;
    private final double correlation;
    private final DoubleSupplier uniform;
    private final AtomicLong last = new AtomicLong(Double.doubleToLongBits(0.5));
    private final TokenBucket toBackendBucket;
    private final TokenBucket toClientBucket;

    private CompiledRule(NetworkRule rule, DoubleSupplier uniform) {
        NetworkChaosSpec s = rule.spec();
        if (s == null || s.action() == null) throw invalid(rule, "spec.action", "required: delay, loss, reset, bandwidth or partition");
        this.rule = rule;
        this.action = s.action();
        this.uniform = uniform;
        Direction d = s.direction() == null ? Direction.TO : s.direction(); // Chaos Mesh's default
        this.toBackend = d != Direction.FROM;
        this.toClient = d != Direction.TO;
        this.backendKeys = rule.backends().stream().map(CompiledRule::key).collect(Collectors.toUnmodifiableSet());
        NetworkChaosSpec.Delay delay = action == NetworkChaosAction.DELAY ? s.delay() : null;
        this.latencyNanos = delay == null ? 0 : nanos(rule, "spec.delay.latency", delay.latency());
        this.jitterNanos = delay == null || delay.jitter() == null ? 0 : nanos(rule, "spec.delay.jitter", delay.jitter());
        this.share = switch (action) {
            case LOSS -> percent(rule, "spec.loss.loss", s.loss() == null ? null : s.loss().loss());
            case RESET -> percent(rule, "spec.reset.reset", s.reset() == null ? null : s.reset().reset());
            default -> 0;
        };
        String corr = delay != null ? delay.correlation() : action == NetworkChaosAction.LOSS && s.loss() != null ? s.loss().correlation() : null;
        this.correlation = corr == null ? 0 : percent(rule, "spec." + action.wire() + ".correlation", corr);
        if (action == NetworkChaosAction.BANDWIDTH) {
            long rate = rate(rule, s.bandwidth());
            long burst = s.bandwidth().buffer() != null ? s.bandwidth().buffer() : Math.max(MIN_BURST, rate / 10);
            this.toBackendBucket = new TokenBucket(rate, burst);
            this.toClientBucket = new TokenBucket(rate, burst);
        } else {
            this.toBackendBucket = null;
            this.toClientBucket = null;
        }
    }

    static CompiledRule compile(NetworkRule rule, DoubleSupplier uniform) {
        return new CompiledRule(rule, uniform);
    }

    /** Does this rule apply to the connection (its chosen backend, its service)? */
    boolean matches(Flow flow) {
        Backend b = flow.backend();
        if (b == null || !backendKeys.contains(b.ip() + ":" + b.port())) return false;
        return rule.services().isEmpty()
                || rule.services().contains(flow.service().namespace() + "/" + flow.service().name());
    }

    boolean affects(Fault.Direction d) {
        return d == Fault.Direction.TO_BACKEND ? toBackend : toClient;
    }

    /** Whether only connections from some pods are hit (the client must then be identified). */
    boolean sending() {
        return rule.sources() != null;
    }

    /** For a rule with a sending side: is {@code clientPod} (empty: not a known pod) one of its sources? */
    boolean fromSource(java.util.Optional<String> clientPod) {
        return rule.sources() == null || clientPod.map(rule.sources()::contains).orElse(false);
    }

    /** latency ± jitter, correlated with the previous sample as netem does. */
    long sampleDelayNanos() {
        if (jitterNanos == 0) return latencyNanos;
        return Math.max(0, latencyNanos + (long) ((2 * next() - 1) * jitterNanos));
    }

    /** One draw against the rule's share (loss, reset). */
    boolean hit() {
        return share > 0 && next() < share;
    }

    TokenBucket bucket(Fault.Direction d) {
        return d == Fault.Direction.TO_BACKEND ? toBackendBucket : toClientBucket;
    }

    /** netem's correlated random: {@code (1 - ρ)·u + ρ·previous}. */
    private double next() {
        double u = uniform.getAsDouble();
        if (correlation == 0) return u;
        double v = (1 - correlation) * u + correlation * Double.longBitsToDouble(last.get());
        last.set(Double.doubleToLongBits(v));
        return v;
    }

    static String key(InetSocketAddress a) {
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return host + ":" + a.getPort();
    }

    private static long nanos(NetworkRule rule, String field, String text) {
        try {
            return GoDuration.parse(text).toNanos();
        } catch (IllegalArgumentException e) {
            throw invalid(rule, field, e.getMessage());
        }
    }

    private static double percent(NetworkRule rule, String field, String text) {
        try {
            return NetworkUnits.share(text);
        } catch (IllegalArgumentException e) {
            throw invalid(rule, field, e.getMessage());
        }
    }

    private static long rate(NetworkRule rule, NetworkChaosSpec.Bandwidth b) {
        try {
            return NetworkUnits.bytesPerSecond(b == null ? null : b.rate());
        } catch (IllegalArgumentException e) {
            throw invalid(rule, "spec.bandwidth.rate", e.getMessage());
        }
    }

    private static InvalidNetworkRuleException invalid(NetworkRule rule, String field, String problem) {
        return new InvalidNetworkRuleException(rule.faultUid(), field, problem);
    }
}
