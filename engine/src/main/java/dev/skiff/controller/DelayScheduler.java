package dev.skiff.controller;

import java.time.Clock;
import java.time.Duration;

/**
 * Runs a task after a delay, on the same notion of time as {@link #clock()}. It exists so that
 * delayed work (requeue-after, retry backoff) can be driven by a manually advanced clock in tests
 * instead of real sleeping.
 */
public interface DelayScheduler {

    Clock clock();

    /** Runs {@code task} once, {@code delay} from now (immediately-ish if not positive). */
    Handle schedule(Duration delay, Runnable task);

    /** A scheduled task that has not run yet can be cancelled; cancelling later is a no-op. */
    interface Handle {
        void cancel();
    }

    /** Real time: {@link Clock#systemUTC()} and one shared timer thread. */
    static DelayScheduler system() {
        return SystemDelayScheduler.INSTANCE;
    }
}
