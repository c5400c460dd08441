package dev.skiff.agent.proxy.chaos;

import dev.skiff.agent.proxy.ConnectionFilter;
import dev.skiff.agent.proxy.Fault;
import dev.skiff.agent.proxy.Flow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleSupplier;

/**
 * NetworkChaos in the service proxy: the node's {@link ConnectionFilter}, fed the current
 * {@link NetworkRule}s by the fault executor. A rule applies to a connection whose chosen backend is
 * in its backends and whose service matches; the balancer chooses first, so a partitioned backend
 * is not skipped — a connection the balancer sends there is black-holed.
 *
 * <p>What each action does, per direction ({@code to}: client→backend, {@code from}:
 * backend→client, {@code both}; Chaos Mesh's default is {@code to}):
 * <ul>
 * <li><b>delay</b>: the first chunk of each burst in an affected direction is held latency ± jitter
 * (uniform, netem-style correlation); the chunks that follow it in the same burst go straight on,
 * so ordering and throughput are kept. A burst starts when the other direction has spoken since
 * (a request after a response, a response after a request) or after 20 ms of quiet. So each
 * request and each response is late by the latency, exactly; a continuous stream is shifted once,
 * and a stream with short pauses sees delays between 0 and the latency.
 * <li><b>loss</b>: TCP has no packet loss in userspace (the kernel retransmits), so a share of
 * connections is black-holed: decided once per connection and rule, when the connection first
 * meets the rule (at connect, or at its next chunk if it was already open). For UDP each datagram
 * in an affected direction is dropped with that probability.
 * <li><b>reset</b>: a share of connections is reset (RST, SO_LINGER 0) — at connect, or at their
 * next chunk; decided once per connection and rule. Direction does not matter. Not for UDP.
 * <li><b>bandwidth</b>: a token bucket of {@code rate} bytes/s (Chaos Mesh's units: {@code mbps} is
 * megabytes, {@code mbit} megabits) per rule and direction, shared by all its connections as tc
 * shapes an interface; {@code buffer} is the burst (default 100 ms of rate); {@code limit} is
 * ignored — backpressure, not a queue that drops, slows the sender. Not for UDP.
 * <li><b>partition</b>: a black hole. A new connection is accepted but never connected (whatever
 * the direction, as a handshake needs both); an open one has its affected direction held.
 * </ul>
 * Black-holed, held and delayed traffic is held, never thrown away (as TCP would retransmit it):
 * when an update removes the rule, held connections connect and held chunks go on at once. A held
 * connection whose client gave up costs a virtual thread and a socket until then. UDP only sees
 * loss and partition (datagrams dropped); its delay and bandwidth are not applied.
 *
 * <p>A rule with a sending side ({@link NetworkRule#sources()}) hits only connections whose client
 * is one of its source pods, as {@link ClientPods} tells: asked once per connection, only when such
 * a rule matches its backend and service, and off the event loop (such a connection is not idle).
 * Without such rules nothing is looked up. {@code to} is then traffic from the sources to the
 * backend, {@code from} the replies.
 */
public final class ChaosFilter implements ConnectionFilter {

    /** The rules in force; replaced whole, never changed. */
    record Snapshot(List<CompiledRule> rules, Map<NetworkRule, CompiledRule> byRule) {
        static final Snapshot EMPTY = new Snapshot(List.of(), Map.of());
    }

    /** A deadline for {@link #awaitChange}: only a change ends the wait. */
    static final long FOREVER = Long.MAX_VALUE;

    private final DoubleSupplier uniform;
    private final ClientPods clientPods;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile Snapshot current = Snapshot.EMPTY;

    public ChaosFilter() {
        this(() -> ThreadLocalRandom.current().nextDouble(), new ProcClientPods());
    }

    /** @param uniform where draws come from: uniform in [0, 1), safe to call from many threads */
    public ChaosFilter(DoubleSupplier uniform) {
        this(uniform, new ProcClientPods());
    }

    /** @param clientPods tells which pod a connection comes from, for rules with a sending side */
    public ChaosFilter(DoubleSupplier uniform, ClientPods clientPods) {
        this.uniform = uniform;
        this.clientPods = clientPods;
    }

    /**
     * Makes {@code rules} the ones in force: new connections see them at once, and open connections
     * at their next chunk — traffic held by a rule that is gone goes on immediately. An unchanged
     * rule keeps its state (buckets, per-connection draws).
     *
     * @throws InvalidNetworkRuleException naming the fault and field; then nothing changes
     */
    public void update(List<NetworkRule> rules) {
        lock.lock();
        try {
            Snapshot prev = current;
            Map<NetworkRule, CompiledRule> next = new LinkedHashMap<>();
            for (NetworkRule r : rules) {
                CompiledRule c = prev.byRule().get(r);
                next.put(r, c != null ? c : CompiledRule.compile(r, uniform));
            }
            current = new Snapshot(List.copyOf(next.values()), Map.copyOf(next));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether the filter could apply {@code rule}: lets a caller drop one bad rule rather than have
     * {@link #update} refuse the whole list.
     *
     * @throws InvalidNetworkRuleException naming the fault and field
     */
    public static void check(NetworkRule rule) {
        CompiledRule.compile(rule, () -> 0.5);
    }

    /** The rules in force now. */
    public List<NetworkRule> rules() {
        return current.rules().stream().map(c -> c.rule).toList();
    }

    @Override
    public Fault faultFor(Flow flow) {
        return new ChaosFault(flow, this);
    }

    ClientPods clientPods() {
        return clientPods;
    }

    Snapshot current() {
        return current;
    }

    /**
     * Waits until {@code deadline} ({@link System#nanoTime()}) or until an update replaces
     * {@code seen}, whichever is first.
     *
     * @return true when the rules changed
     */
    boolean awaitChange(Snapshot seen, long deadline) throws InterruptedException {
        lock.lock();
        try {
            while (current == seen) {
                if (deadline == FOREVER) {
                    changed.await();
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
