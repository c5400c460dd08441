package dev.skiff.scenario;

import java.time.Duration;
import java.util.Optional;

/**
 * How a run learns it must end early: a continuous probe deviated (aborted), or {@code chaos halt}
 * or Ctrl-C (interrupted). Waits sleep on it so they end at once.
 */
public final class RunControl {

    public record Stop(String status, String reason) {
    }

    private Stop stop;

    public synchronized void stop(String status, String reason) {
        if (stop != null) return; // the first reason is the one that counts
        stop = new Stop(status, reason);
        notifyAll();
    }

    public synchronized Optional<Stop> stopped() {
        return Optional.ofNullable(stop);
    }

    /** Sleeps {@code d} unless stopped meanwhile; true when stopped. */
    public synchronized boolean sleep(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        try {
            while (stop == null) {
                long left = end - System.nanoTime();
                if (left <= 0) return false;
                wait(Math.max(1, left / 1_000_000), 0);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop = stop == null ? new Stop(Journal.INTERRUPTED, "interrupted") : stop;
        }
        return true;
    }
}
