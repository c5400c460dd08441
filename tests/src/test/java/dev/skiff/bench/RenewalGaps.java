package dev.skiff.bench;

import dev.skiff.store.LeaseStatus;
import dev.skiff.store.Store;
import dev.skiff.store.StoreException;
import java.util.Optional;

/**
 * Watches one lease from outside, as the engine does, to measure how regularly its holder renews
 * it under load: the longest gap between renewals. TTLs are whole seconds, so each poll only says
 * the lease's expiry lies within a one-second window; polls every 50 ms narrow it to a tick, and a
 * window that no longer overlaps the last one is a renewal (which moves the expiry on).
 */
final class RenewalGaps implements AutoCloseable {
    private static final long POLL_MILLIS = 50;

    private final Store store;
    private final long lease;
    private final Thread poller;
    private volatile boolean running = true;
    private double lo = Double.NEGATIVE_INFINITY;
    private double hi = Double.POSITIVE_INFINITY;
    private double lastExpiry = Double.NaN;
    private volatile double maxGap;
    private volatile int renewals;

    RenewalGaps(Store store, long lease) {
        this.store = store;
        this.lease = lease;
        this.poller = Thread.ofVirtual().name("renewal-gaps").start(this::poll);
    }

    /** The longest time between two renewals seen, in seconds (to about a poll). */
    double maxGapSeconds() {
        return maxGap;
    }

    int renewals() {
        return renewals;
    }

    private void poll() {
        while (running) {
            double sent = System.nanoTime() / 1e9;
            Optional<LeaseStatus> status;
            try {
                status = store.leases().status(lease);
            } catch (StoreException e) {
                if (!running) return; // closed mid-request: the interrupt is ours, not the store's
                throw e;
            }
            double answered = System.nanoTime() / 1e9;
            if (status.isEmpty()) return;
            double remaining = status.get().remaining().toMillis() / 1e3;
            observe(sent + remaining, answered + remaining + 1); // the server looked in between
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void observe(double from, double to) {
        if (from > hi) { // the expiry moved on: renewed
            double expiry = (lo + hi) / 2;
            if (!Double.isNaN(lastExpiry)) maxGap = Math.max(maxGap, expiry - lastExpiry);
            lastExpiry = expiry;
            renewals++;
            lo = from;
            hi = to;
        } else {
            lo = Math.max(lo, from);
            hi = Math.min(hi, to);
        }
    }

    @Override
    public void close() {
        running = false;
        poller.interrupt();
    }
}
