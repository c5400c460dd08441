package dev.skiff.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A watch that survives disconnects, whatever client carries its streams. Each etcd Watch stream
 * is single-use: on any error, cancel or end it is dropped (its late messages ignored by
 * generation) and a new one opens from lastReceived + 1 after a backoff; events at or below
 * lastReceived are never delivered again (a stream may repeat itself; jetcd's own retry may skip
 * ahead). Only a compaction (the Informer relists) or a reconnect that keeps failing for six
 * request timeouts ends it, through {@link WatchListener#onError}.
 *
 * @param <S> the client's handle on one open stream
 */
public abstract class ResumingWatch<S> implements Watch {

    private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    protected final String prefix;
    private final WatchListener listener;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService delivery;
    private final Duration giveUpAfter;

    private final Object lock = new Object();
    private long lastReceived;           // guarded by lock: highest revision handed to delivery
    private int generation;              // guarded by lock: the live stream
    private S current;                   // guarded by lock
    private long failingSinceNanos = -1; // guarded by lock: -1 while healthy
    private Duration backoff = MIN_BACKOFF;
    private boolean closed;
    private volatile long lastDelivered;
    private volatile boolean userClosed; // set by close(): queued callbacks are dropped

    protected ResumingWatch(String prefix, long fromRevision, WatchListener listener, ScheduledExecutorService scheduler,
                            Duration requestTimeout) {
        this.prefix = prefix;
        this.listener = listener;
        this.scheduler = scheduler;
        this.lastReceived = fromRevision - 1;
        this.lastDelivered = fromRevision - 1;
        // one thread per watch keeps batches in order and lets listeners block or call the store
        this.delivery = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("skiff-watch-" + prefix).factory());
        this.giveUpAfter = requestTimeout.multipliedBy(6);
    }

    /** Opens a stream of {@link #prefix} from {@code fromRevision} whose answers come back tagged {@code generation}. */
    protected abstract S openStream(int generation, long fromRevision);

    /** Closes a stream this watch no longer wants (never called under the watch's lock). */
    protected abstract void closeStream(S stream);

    /** The compaction a failure reports, if it is one. */
    protected abstract Optional<StoreException.Compacted> compaction(Throwable failure);

    /** The error that ends the watch when the server stays unreachable. */
    protected abstract StoreException unavailable(String message, Throwable failure);

    /** Call first, once constructed. */
    protected final void start() {
        open();
    }

    @Override
    public long lastRevision() {
        return lastDelivered;
    }

    @Override
    public void close() {
        S stream;
        synchronized (lock) {
            userClosed = true;
            if (closed) return;
            closed = true;
            generation++;
            stream = current;
            current = null;
        }
        delivery.shutdown();
        if (stream != null) closeStream(stream);
    }

    /** Opens a fresh stream; never holds our lock while calling the client (its callbacks take ours). */
    private void open() {
        int gen;
        long from;
        synchronized (lock) {
            if (closed || current != null) return;
            gen = ++generation;
            from = lastReceived + 1;
        }
        S stream;
        try {
            stream = openStream(gen, from);
        } catch (RuntimeException e) {
            onStreamFailed(gen, e);
            return;
        }
        boolean stale;
        synchronized (lock) {
            stale = gen != generation || closed;
            if (!stale) current = stream;
        }
        if (stale) closeStream(stream);
    }

    /** A stream's answer: {@code created} confirms the stream, {@code events} in revision order. */
    protected final void onEvents(int gen, boolean created, List<WatchEvent> events) {
        synchronized (lock) {
            if (gen != generation || closed) return;
            if (created) {
                failingSinceNanos = -1;
                backoff = MIN_BACKOFF;
            }
            List<WatchEvent> batch = new ArrayList<>();
            for (WatchEvent e : events) {
                if (e.revision() > lastReceived) batch.add(e);
            }
            if (batch.isEmpty()) return;
            long top = batch.getLast().revision();
            lastReceived = top;
            deliver(() -> {
                lastDelivered = top;
                listener.onEvents(List.copyOf(batch));
            });
        }
    }

    /** A stream failed, was cancelled or ended: reopen after a backoff, or end the watch. */
    protected final void onStreamFailed(int gen, Throwable failure) {
        S dead;
        synchronized (lock) {
            if (gen != generation || closed) return;
            generation++;
            dead = current;
            current = null;
            Optional<StoreException> fatal = fatal(failure);
            if (fatal.isPresent()) {
                closed = true;
                StoreException error = fatal.get();
                deliver(() -> listener.onError(error));
                delivery.shutdown();
            } else {
                scheduleReopen();
            }
        }
        if (dead != null) closeStream(dead);
    }

    // guarded by lock
    private Optional<StoreException> fatal(Throwable failure) {
        Optional<StoreException.Compacted> compacted = compaction(failure);
        if (compacted.isPresent()) return Optional.of(compacted.get());
        long now = System.nanoTime();
        if (failingSinceNanos < 0) failingSinceNanos = now;
        if (now - failingSinceNanos > giveUpAfter.toNanos()) {
            return Optional.of(unavailable("watch on " + prefix + " could not reconnect for " + giveUpAfter.toSeconds() + " s", failure));
        }
        return Optional.empty();
    }

    // guarded by lock
    private void scheduleReopen() {
        Duration wait = backoff;
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        try {
            scheduler.schedule(this::open, wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException storeClosed) {
            closed = true;
            delivery.shutdown();
        }
    }

    // guarded by lock
    private void deliver(Runnable callback) {
        try {
            delivery.execute(() -> {
                if (!userClosed) callback.run();
            });
        } catch (RejectedExecutionException afterClose) {
            // the watch was closed: nothing more is delivered
        }
    }
}
