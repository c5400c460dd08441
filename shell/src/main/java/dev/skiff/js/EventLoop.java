package dev.skiff.js;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The session's one thread of JS: tasks posted from anywhere (timer ticks, Java results, watch
 * events, evaluations) run here in order, so the context only ever sees this thread. Ctrl-C bumps
 * the generation: work that was waiting for the interrupted code is dropped instead of resuming it.
 */
final class EventLoop {
    private record Task(long generation, Runnable body) {}

    private final BlockingQueue<Task> tasks = new LinkedBlockingQueue<>();
    private final AtomicLong generation = new AtomicLong();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "js-timers");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    long generation() {
        return generation.get();
    }

    /** Abandons everything waiting for results of the current generation. */
    void cancelWaiting() {
        generation.incrementAndGet();
    }

    void post(Runnable body) {
        tasks.add(new Task(-1, body));
    }

    /** Runs {@code body} unless Ctrl-C abandoned generation {@code gen} meanwhile. */
    void post(long gen, Runnable body) {
        tasks.add(new Task(gen, body));
    }

    ScheduledFuture<?> schedule(long delayMs, long periodMs, Runnable onLoop) {
        long gen = -1; // timers belong to no evaluation: every() keeps ticking after Ctrl-C
        Runnable tick = () -> post(gen, onLoop);
        return periodMs > 0
                ? timers.scheduleAtFixedRate(tick, delayMs, periodMs, TimeUnit.MILLISECONDS)
                : timers.schedule(tick, delayMs, TimeUnit.MILLISECONDS);
    }

    /** The loop itself; returns when closed. Failures of one task never stop the loop. */
    void run(java.util.function.Consumer<RuntimeException> onFailure) {
        while (!closed) {
            Task t;
            try {
                t = tasks.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue; // a Ctrl-C aimed at host code: the task it hit has ended
            }
            if (t == null) continue;
            if (t.generation() >= 0 && t.generation() != generation.get()) continue;
            try {
                Thread.interrupted(); // a stale interrupt must not hit the next task
                t.body().run();
            } catch (RuntimeException e) {
                onFailure.accept(e);
            }
        }
    }

    void close() {
        closed = true;
        timers.shutdownNow();
    }
}
