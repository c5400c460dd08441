package dev.skiff.store.wire;

import dev.skiff.store.KeepAlive;
import dev.skiff.wire.EtcdMessages;
import dev.skiff.wire.WireException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Renews a lease every third of its TTL, EtcdKeepAlive's way: each renewal is one request on a
 * LeaseKeepAlive stream that is half-closed at once (no long-lived stream to lose). Through an
 * outage it keeps trying until the lease's deadline has passed; then, or when the server says the
 * lease is gone (TTL 0), it reports the loss once and stops.
 */
final class WireKeepAlive implements KeepAlive {

    private static final Duration MIN_PERIOD = Duration.ofMillis(300);

    private final WireStore store;
    private final long leaseId;
    private final Duration ttl;
    private final Runnable onLost;
    private final AtomicBoolean alive = new AtomicBoolean(true);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long deadlineNanos;
    private volatile ScheduledFuture<?> next;

    private WireKeepAlive(WireStore store, long leaseId, Duration ttl, Runnable onLost) {
        this.store = store;
        this.leaseId = leaseId;
        this.ttl = ttl;
        this.onLost = onLost;
        this.deadlineNanos = System.nanoTime() + ttl.toNanos();
    }

    static WireKeepAlive start(WireStore store, long leaseId, Duration ttl, Runnable onLost) {
        WireKeepAlive k = new WireKeepAlive(store, leaseId, ttl, onLost);
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
        store.callAsync(EtcdMessages.LEASE_KEEP_ALIVE, EtcdMessages.leaseId(leaseId))
                .orTimeout(store.config().requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                // off the connection's reader thread: the next step may reconnect
                .whenCompleteAsync((r, failure) -> afterRenew(sentAt, r, failure), store.scheduler());
    }

    private void afterRenew(long sentAt, byte[] answer, Throwable failed) {
        Throwable failure = failed instanceof java.util.concurrent.CompletionException c && c.getCause() != null ? c.getCause() : failed;
        long ttlSeconds = failure == null ? EtcdMessages.leaseAnswer(answer, false).ttl() : -1;
        if (failure == null && ttlSeconds > 0) {
            // the server's clock starts at receipt; counting from the send keeps us on the safe side
            deadlineNanos = sentAt + Duration.ofSeconds(ttlSeconds).toNanos();
            schedule(period());
        } else if (failure == null || failure instanceof WireException w && WireErrors.isLeaseNotFound(w)) {
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
            next = store.scheduler().schedule(this::renew, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException storeClosed) {
            closed.set(true);
        }
    }

    private void lost() {
        if (alive.compareAndSet(true, false) && !closed.get()) {
            Thread.ofVirtual().name("skiff-lease-lost-" + Long.toHexString(leaseId)).start(onLost);
        }
    }
}
