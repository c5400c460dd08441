package dev.skiff.controller;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Reconciler} over a {@link WorkQueue} with N workers on virtual threads: the queue
 * collapses duplicate requests and keeps one key on one worker at a time; the controller turns
 * results into requeues and exceptions into retries with per-key backoff.
 *
 * <p>Lifecycle: {@link #open()} creates a fresh queue (enqueues before that are dropped — whoever
 * feeds the controller replays its state when it is started again), {@link #startWorkers()} starts
 * reconciling, {@link #stop} shuts the queue and waits for the workers. The split lets a manager
 * fill the queue from its caches before any worker runs; {@link #start()} does both at once.
 * A stopped controller can be started again, e.g. when its process regains leadership.
 */
public final class Controller {

    private static final Logger log = LoggerFactory.getLogger(Controller.class);
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(10);

    private final String name;
    private final Reconciler reconciler;
    private final int workers;
    private final DelayScheduler scheduler;
    private final Supplier<RateLimiter<Request>> rateLimiters;
    private final Clock clock;
    private final ControllerMetrics metrics;

    private final Object lifecycle = new Object();
    private volatile WorkQueue<Request> queue;
    private final List<Thread> workerThreads = new ArrayList<>();

    public Controller(String name, Reconciler reconciler, int workers) {
        this(name, reconciler, workers, DelayScheduler.system(), ExponentialBackoff::defaults);
    }

    public Controller(String name, Reconciler reconciler, int workers, DelayScheduler scheduler) {
        this(name, reconciler, workers, scheduler, ExponentialBackoff::defaults);
    }

    public Controller(String name, Reconciler reconciler, int workers, DelayScheduler scheduler,
                      Supplier<RateLimiter<Request>> rateLimiters) {
        this.name = Objects.requireNonNull(name, "name");
        this.reconciler = Objects.requireNonNull(reconciler, "reconciler");
        if (workers < 1) {
            throw new IllegalArgumentException("controller " + name + " needs at least one worker, got " + workers);
        }
        this.workers = workers;
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.rateLimiters = Objects.requireNonNull(rateLimiters, "rateLimiters");
        this.clock = scheduler.clock();
        this.metrics = new ControllerMetrics(name, () -> queue);
    }

    public String name() {
        return name;
    }

    public ControllerMetrics metrics() {
        return metrics;
    }

    /** Asks for {@code request} to be reconciled; a no-op while the controller is not open. */
    public void enqueue(Request request) {
        WorkQueue<Request> q = queue;
        if (q != null) {
            q.add(request);
        }
    }

    public void enqueueAfter(Request request, Duration delay) {
        WorkQueue<Request> q = queue;
        if (q != null) {
            q.addAfter(request, delay);
        }
    }

    public void start() {
        open();
        startWorkers();
    }

    /** Creates the queue so requests can be collected; idempotent. */
    public void open() {
        synchronized (lifecycle) {
            if (queue == null) {
                queue = new WorkQueue<>(scheduler, rateLimiters.get());
            }
        }
    }

    /** Starts the workers (opening the queue if needed); idempotent. */
    public void startWorkers() {
        synchronized (lifecycle) {
            open();
            if (!workerThreads.isEmpty()) {
                return;
            }
            WorkQueue<Request> q = queue;
            for (int i = 0; i < workers; i++) {
                workerThreads.add(Thread.ofVirtual()
                        .name("controller-" + name + "-worker-" + i)
                        .start(() -> work(q)));
            }
            log.debug("controller {} started {} workers", name, workers);
        }
    }

    public boolean isRunning() {
        synchronized (lifecycle) {
            return !workerThreads.isEmpty();
        }
    }

    public void stop() {
        stop(DEFAULT_STOP_GRACE);
    }

    /**
     * Shuts the queue (pending and delayed requests are dropped), lets in-flight reconciles finish
     * for up to {@code grace}, then interrupts them.
     *
     * @return true if every worker ended within the grace period
     */
    public boolean stop(Duration grace) {
        List<Thread> threads;
        synchronized (lifecycle) {
            if (queue == null) {
                return true;
            }
            queue.shutDown();
            metrics.retired(queue);
            queue = null;
            threads = List.copyOf(workerThreads);
            workerThreads.clear();
        }
        boolean clean = joinAll(threads, grace);
        if (!clean) {
            log.warn("controller {}: reconciles still running after {}; interrupting them", name, grace);
            threads.forEach(Thread::interrupt);
            joinAll(threads, grace);
        }
        return clean;
    }

    private static boolean joinAll(List<Thread> threads, Duration grace) {
        Instant deadline = Instant.now().plus(grace);
        try {
            for (Thread thread : threads) {
                Duration left = Duration.between(Instant.now(), deadline);
                if (left.isNegative() || !thread.join(left.isZero() ? Duration.ofNanos(1) : left)) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void work(WorkQueue<Request> q) {
        try {
            while (true) {
                Optional<Request> next = q.get();
                if (next.isEmpty()) {
                    return;
                }
                try {
                    process(q, next.get());
                } finally {
                    q.done(next.get());
                }
            }
        } catch (InterruptedException e) {
            // stop() gave up waiting for us
            Thread.currentThread().interrupt();
        }
    }

    private void process(WorkQueue<Request> q, Request request) {
        Instant started = clock.instant();
        Result result;
        try {
            result = reconciler.reconcile(request);
        } catch (Exception e) { // any failure, even a sneaky checked one, means "try again later"
            metrics.failed(Duration.between(started, clock.instant()));
            q.addRateLimited(request);
            log.warn("controller {} failed to reconcile {} (attempt {}), will retry with backoff: {}",
                    name, request, q.numRequeues(request), e.toString(), e);
            return;
        }
        metrics.reconciled(Duration.between(started, clock.instant()), result);
        q.forget(request);
        switch (result) {
            case Result.Done done -> { }
            case Result.RequeueAfter after -> q.addAfter(request, after.delay());
            case null -> log.warn("controller {}: reconciler returned null for {}; treating it as done",
                    name, request);
        }
    }
}
