package dev.skiff.controller;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A clock and delay scheduler that only move when a test calls {@link #advance}: due tasks then run
 * on the caller's thread, in due order, with the clock set to each task's due time. This is the
 * injected-clock fake DESIGN §7 allows; nothing of Skiff's own is faked.
 */
public final class ManualTime extends Clock implements DelayScheduler {

    private Instant now;
    private final List<Task> tasks = new ArrayList<>();
    private long sequence;

    public ManualTime() {
        this(Instant.parse("2025-01-01T00:00:00Z"));
    }

    public ManualTime(Instant start) {
        this.now = start;
    }

    @Override
    public Clock clock() {
        return this;
    }

    @Override
    public synchronized Handle schedule(Duration delay, Runnable task) {
        Task t = new Task(now.plus(delay.isNegative() ? Duration.ZERO : delay), sequence++, task);
        tasks.add(t);
        return () -> {
            synchronized (ManualTime.this) {
                tasks.remove(t);
            }
        };
    }

    /** Moves time forward, running every task that falls due on the way. */
    public void advance(Duration by) {
        Instant target;
        synchronized (this) {
            target = now.plus(by);
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream()
                        .filter(t -> !t.due().isAfter(target))
                        .min(Comparator.comparing(Task::due).thenComparingLong(Task::sequence))
                        .orElse(null);
                if (next == null) {
                    now = target;
                    return;
                }
                tasks.remove(next);
                if (next.due().isAfter(now)) {
                    now = next.due();
                }
            }
            next.action().run(); // outside our lock: tasks take the queue's lock and may schedule
        }
    }

    public synchronized int pendingTasks() {
        return tasks.size();
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("ManualTime is UTC only");
    }

    private record Task(Instant due, long sequence, Runnable action) {}
}
