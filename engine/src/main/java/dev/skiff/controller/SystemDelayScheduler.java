package dev.skiff.controller;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One daemon timer thread for every queue in the process: timer tasks only move keys between
 * in-memory structures, so one thread is plenty and idle queues cost nothing.
 */
final class SystemDelayScheduler implements DelayScheduler {

    static final SystemDelayScheduler INSTANCE = new SystemDelayScheduler();

    private final ScheduledThreadPoolExecutor timer;

    private SystemDelayScheduler() {
        timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "skiff-delay-timer");
            thread.setDaemon(true);
            return thread;
        });
        // Backoff wake-ups of up to 1000 s get cancelled often; don't let them pile up.
        timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Override
    public Handle schedule(Duration delay, Runnable task) {
        long nanos = Math.max(0, saturatedNanos(delay));
        var future = timer.schedule(task, nanos, TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    private static long saturatedNanos(Duration delay) {
        try {
            return delay.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
