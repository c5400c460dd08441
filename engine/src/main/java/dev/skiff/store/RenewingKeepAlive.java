package dev.skiff.store;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * Renews a lease every third of its TTL with single keep-alive requests (no long-lived stream to
 * lose), whatever client sends them. Through an outage it keeps trying until the lease's deadline
 * has passed; then, or when the server says the lease is gone, it reports the loss once and stops.
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
    private volatile long deadlineNanos;
    private volatile ScheduledFuture<?> next;

    private RenewingKeepAlive(Client client, long leaseId, Duration ttl, Runnable onLost) {
        this.client = client;
        this.leaseId = leaseId;
        this.ttl = ttl;
        this.onLost = onLost;
        this.deadlineNanos = System.nanoTime() + ttl.toNanos();
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
        return alive.get() && System.nanoTime() < deadlineNanos;
    }

    @Override
    public void close() {
        closed.set(true);
        ScheduledFuture<?> f = next;
        if (f != null) f.cancel(false);
    }

    private void renew() {
        if (closed.get() || !alive.get()) return;
        if (System.nanoTime() >= deadlineNanos) {
            lost();
            return;
        }
        long sentAt = System.nanoTime();
        CompletableFuture<Long> answer;
        try {
            answer = client.renewal().renewOnce();
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.orTimeout(client.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                // off the client's own threads (a connection's reader): the next step may reconnect
                .whenCompleteAsync((granted, failure) -> afterRenew(sentAt, granted, failure), client.scheduler());
    }

    private void afterRenew(long sentAt, Long granted, Throwable failed) {
        Throwable failure = failed instanceof CompletionException c && c.getCause() != null ? c.getCause() : failed;
        if (failure == null && granted > 0) {
            // the server's clock starts at receipt; counting from the send keeps us on the safe side
            deadlineNanos = sentAt + Duration.ofSeconds(granted).toNanos();
            schedule(period());
        } else if (failure == null || client.leaseNotFound().test(failure)) {
            lost();
        } else {
            schedule(period().dividedBy(2)); // server unreachable: retry sooner while time remains
        }
    }

    private Duration period() {
        Duration third = ttl.dividedBy(3);
        return third.compareTo(MIN_PERIOD) < 0 ? MIN_PERIOD : third;
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
