package dev.skiff.store;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Renews a lease every fifth of its TTL with single keep-alive requests (no long-lived stream to
 * lose), whatever client sends them. The cadence is fixed: a renewal goes out on time even while an
 * earlier one has no answer yet, so one slow or lost request never opens a gap longer than two
 * periods — the engine calls a node silent after a grace of a few periods (HeartbeatTracker),
 * well before its lease expires. Through an outage it keeps trying until the lease's deadline has
 * passed; then, or when the server says the lease is gone, it reports the loss once and stops.
 */
public final class RenewingKeepAlive implements KeepAlive {

    private static final Duration MIN_PERIOD = Duration.ofMillis(300);

    /** One keep-alive request: completes with the TTL in seconds the server granted (0 or less: the lease is gone). */
    @FunctionalInterface
    public interface Renewal {
        CompletableFuture<Long> renewOnce();
    }

    /** How a client reaches the server: its renewal, how it says "no such lease", its timer and its patience. */
    public record Client(Renewal renewal, Predicate<Throwable> leaseNotFound, ScheduledExecutorService scheduler,
                         Duration requestTimeout) {
    }

    private final Client client;
    private final long leaseId;
    private final Duration ttl;
    private final Runnable onLost;
    private final AtomicBoolean alive = new AtomicBoolean(true);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong deadlineNanos;
    private volatile ScheduledFuture<?> next;

    private RenewingKeepAlive(Client client, long leaseId, Duration ttl, Runnable onLost) {
        this.client = client;
        this.leaseId = leaseId;
        this.ttl = ttl;
        this.onLost = onLost;
        this.deadlineNanos = new AtomicLong(System.nanoTime() + ttl.toNanos());
    }

    public static RenewingKeepAlive start(Client client, long leaseId, Duration ttl, Runnable onLost) {
        RenewingKeepAlive k = new RenewingKeepAlive(client, leaseId, ttl, onLost);
        k.renew();
        return k;
    }

    @Override
    public long leaseId() {
        return leaseId;
    }

    @Override
    public boolean isAlive() {
        return alive.get() && System.nanoTime() < deadlineNanos.get();
    }

    @Override
    public void close() {
        closed.set(true);
        ScheduledFuture<?> f = next;
        if (f != null) f.cancel(false);
    }

    /** One tick of the cadence: the next is scheduled before this one's request goes out. */
    private void renew() {
        if (closed.get() || !alive.get()) return;
        if (System.nanoTime() >= deadlineNanos.get()) {
            lost();
            return;
        }
        schedule(period());
        long sentAt = System.nanoTime();
        CompletableFuture<Long> answer;
        try {
            answer = client.renewal().renewOnce();
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.orTimeout(client.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                // off the client's own threads (a connection's reader): onLost may reconnect
                .whenCompleteAsync((granted, failure) -> afterRenew(sentAt, granted, failure), client.scheduler());
    }

    private void afterRenew(long sentAt, Long granted, Throwable failed) {
        Throwable failure = failed instanceof CompletionException c && c.getCause() != null ? c.getCause() : failed;
        if (failure == null && granted > 0) {
            // the server's clock starts at receipt; counting from the send keeps us on the safe side
            long deadline = sentAt + Duration.ofSeconds(granted).toNanos();
            deadlineNanos.accumulateAndGet(deadline, Math::max);
        } else if (failure == null || client.leaseNotFound().test(failure)) {
            lost();
        }
        // any other failure (server unreachable, timed out): the next tick tries again while time remains
    }

    /** How often a lease is renewed: a fifth of its TTL (2 s for a node's default 10 s heartbeat). */
    public static Duration period(Duration ttl) {
        Duration fifth = ttl.dividedBy(5);
        return fifth.compareTo(MIN_PERIOD) < 0 ? MIN_PERIOD : fifth;
    }

    private Duration period() {
        return period(ttl);
    }

    private void schedule(Duration delay) {
        if (closed.get()) return;
        try {
            next = client.scheduler().schedule(this::renew, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException storeClosed) {
            closed.set(true);
        }
    }

    private void lost() {
        if (alive.compareAndSet(true, false) && !closed.get()) {
            Thread.ofVirtual().name("skiff-lease-lost-" + Long.toHexString(leaseId)).start(onLost);
        }
    }
}
