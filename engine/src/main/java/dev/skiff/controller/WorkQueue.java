package dev.skiff.controller;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A work queue with client-go's semantics:
 * <ul>
 *   <li>a key added again while it waits is stored once (adds collapse);</li>
 *   <li>a key handed out by {@link #get()} is not handed out again until {@link #done} — if it is
 *       added meanwhile, it is queued once more when {@code done} is called, so the same key is never
 *       processed by two workers at once and no change is lost;</li>
 *   <li>{@link #addAfter} delays a key (the earliest of several delays wins);
 *       {@link #addRateLimited} delays it by the per-key backoff, {@link #forget} resets that;</li>
 *   <li>after {@link #shutDown()} adds are ignored and {@link #get()} returns empty at once, even if
 *       keys remain: a controller that lost leadership must stop, not drain.</li>
 * </ul>
 * Delays are measured on the {@link DelayScheduler}'s clock, so tests can advance time by hand.
 */
public final class WorkQueue<K> {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition nonEmpty = lock.newCondition();

    private final ArrayDeque<K> ready = new ArrayDeque<>();
    /** Keys that need processing: in {@code ready}, or re-added while being processed. */
    private final Set<K> dirty = new HashSet<>();
    private final Set<K> processing = new HashSet<>();
    private final PriorityQueue<Waiting<K>> waiting = new PriorityQueue<>();
    private final Map<K, Waiting<K>> waitingByKey = new HashMap<>();
    private boolean shuttingDown;
    private DelayScheduler.Handle wakeUp;
    private Instant wakeUpAt;

    private final DelayScheduler scheduler;
    private final Clock clock;
    private final RateLimiter<K> rateLimiter;
    private final LongAdder adds = new LongAdder();
    private final LongAdder retries = new LongAdder();

    public WorkQueue(DelayScheduler scheduler, RateLimiter<K> rateLimiter) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = scheduler.clock();
        this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
    }

    /** Real time and client-go's default backoff (5 ms doubling to 1000 s). */
    public static <K> WorkQueue<K> create() {
        return new WorkQueue<>(DelayScheduler.system(), ExponentialBackoff.defaults());
    }

    public void add(K key) {
        Objects.requireNonNull(key, "key");
        lock.lock();
        try {
            addLocked(key);
        } finally {
            lock.unlock();
        }
    }

    private void addLocked(K key) {
        if (shuttingDown) {
            return;
        }
        if (!dirty.add(key)) {
            return; // collapsed into the pending add
        }
        adds.increment();
        if (processing.contains(key)) {
            return; // queued again by done()
        }
        ready.addLast(key);
        nonEmpty.signal();
    }

    public void addAfter(K key, Duration delay) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative() || delay.isZero()) {
            add(key);
            return;
        }
        lock.lock();
        try {
            if (shuttingDown) {
                return;
            }
            Instant readyAt = clock.instant().plus(delay);
            Waiting<K> existing = waitingByKey.get(key);
            if (existing != null) {
                if (!readyAt.isBefore(existing.readyAt())) {
                    return; // an earlier wake-up already covers this one
                }
                waiting.remove(existing);
            }
            Waiting<K> entry = new Waiting<>(key, readyAt);
            waitingByKey.put(key, entry);
            waiting.add(entry);
            scheduleWakeUpLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Adds {@code key} after its backoff: called when processing it failed. */
    public void addRateLimited(K key) {
        retries.increment();
        addAfter(key, rateLimiter.when(key));
    }

    /** Processing {@code key} succeeded: its next failure backs off from the start again. */
    public void forget(K key) {
        rateLimiter.forget(key);
    }

    public int numRequeues(K key) {
        return rateLimiter.retries(key);
    }

    /**
     * Waits for a key and marks it as being processed; the caller must call {@link #done} with it.
     *
     * @return the next key, or empty once the queue is shut down
     */
    public Optional<K> get() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (ready.isEmpty() && !shuttingDown) {
                nonEmpty.await();
            }
            return takeLocked();
        } finally {
            lock.unlock();
        }
    }

    /** As {@link #get()}, but gives up with empty after {@code timeout}. */
    public Optional<K> poll(Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lockInterruptibly();
        try {
            while (ready.isEmpty() && !shuttingDown) {
                if (remaining <= 0) {
                    return Optional.empty();
                }
                remaining = nonEmpty.awaitNanos(remaining);
            }
            return takeLocked();
        } finally {
            lock.unlock();
        }
    }

    private Optional<K> takeLocked() {
        if (shuttingDown) {
            return Optional.empty();
        }
        K key = ready.removeFirst();
        processing.add(key);
        dirty.remove(key);
        return Optional.of(key);
    }

    /** Ends processing of {@code key}; if it was added meanwhile it becomes ready again now. */
    public void done(K key) {
        lock.lock();
        try {
            processing.remove(key);
            if (dirty.contains(key) && !shuttingDown) {
                ready.addLast(key);
                nonEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Ignores further adds, drops delayed keys and wakes every waiting {@link #get()}. */
    public void shutDown() {
        lock.lock();
        try {
            shuttingDown = true;
            waiting.clear();
            waitingByKey.clear();
            if (wakeUp != null) {
                wakeUp.cancel();
                wakeUp = null;
                wakeUpAt = null;
            }
            nonEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean isShutDown() {
        lock.lock();
        try {
            return shuttingDown;
        } finally {
            lock.unlock();
        }
    }

    /** Keys ready to be handed out (client-go's depth). */
    public int len() {
        lock.lock();
        try {
            return ready.size();
        } finally {
            lock.unlock();
        }
    }

    /** Keys waiting for a delay or backoff to pass. */
    public int waitingLen() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /** Adds that were not collapsed into a pending one (client-go's adds_total). */
    public long adds() {
        return adds.sum();
    }

    /** Total {@link #addRateLimited} calls (client-go's retries_total). */
    public long retries() {
        return retries.sum();
    }

    // ---- delayed keys: one pending timer, always for the earliest waiting key ----

    private void scheduleWakeUpLocked() {
        Waiting<K> head = waiting.peek();
        if (head == null || shuttingDown) {
            return;
        }
        if (wakeUpAt != null && !head.readyAt().isBefore(wakeUpAt)) {
            return;
        }
        if (wakeUp != null) {
            wakeUp.cancel();
        }
        wakeUpAt = head.readyAt();
        Duration delay = Duration.between(clock.instant(), wakeUpAt);
        wakeUp = scheduler.schedule(delay, this::onWakeUp);
    }

    private void onWakeUp() {
        lock.lock();
        try {
            wakeUp = null;
            wakeUpAt = null;
            promoteDueLocked();
            if (!waiting.isEmpty()) {
                // the timer may fire a hair before the clock says the head is due; try again
                rescheduleAtLeast(Duration.ofMillis(1));
            }
        } finally {
            lock.unlock();
        }
    }

    private void rescheduleAtLeast(Duration minimum) {
        Instant headAt = waiting.peek().readyAt();
        Instant earliest = clock.instant().plus(minimum);
        wakeUpAt = headAt.isAfter(earliest) ? headAt : earliest;
        wakeUp = scheduler.schedule(Duration.between(clock.instant(), wakeUpAt), this::onWakeUp);
    }

    private void promoteDueLocked() {
        Instant now = clock.instant();
        while (!waiting.isEmpty() && !waiting.peek().readyAt().isAfter(now)) {
            Waiting<K> due = waiting.poll();
            waitingByKey.remove(due.key());
            addLocked(due.key());
        }
    }

    private record Waiting<K>(K key, Instant readyAt) implements Comparable<Waiting<K>> {
        @Override
        public int compareTo(Waiting<K> other) {
            return readyAt.compareTo(other.readyAt);
        }
    }

}
