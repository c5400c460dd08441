package dev.skiff.store.wire;

import dev.skiff.store.StoreException;
import dev.skiff.store.Watch;
import dev.skiff.store.WatchEvent;
import dev.skiff.store.WatchListener;
import dev.skiff.wire.EtcdMessages;
import dev.skiff.wire.GrpcChannel;
import dev.skiff.wire.WireException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A watch that survives disconnects, with EtcdWatch's rules: each etcd Watch stream is single-use —
 * on any error, cancel or end it is dropped (its late messages ignored by generation) and a new one
 * opens from lastReceived + 1 after a backoff; events at or below lastReceived are never delivered
 * again. Only a compaction (the Informer relists) or a reconnect that keeps failing for six request
 * timeouts ends it, through {@link WatchListener#onError}.
 */
final class WireWatch implements Watch {

    private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    private final WireStore store;
    private final String prefix;
    private final WatchListener listener;
    private final ExecutorService delivery;
    private final Duration giveUpAfter;

    private final Object lock = new Object();
    private long lastReceived;           // guarded by lock: highest revision handed to delivery
    private int generation;              // guarded by lock: the live stream
    private GrpcChannel.Call current;    // guarded by lock
    private long failingSinceNanos = -1; // guarded by lock: -1 while healthy
    private Duration backoff = MIN_BACKOFF;
    private boolean closed;
    private volatile long lastDelivered;
    private volatile boolean userClosed; // set by close(): queued callbacks are dropped

    private WireWatch(WireStore store, String prefix, long fromRevision, WatchListener listener) {
        this.store = store;
        this.prefix = prefix;
        this.listener = listener;
        this.lastReceived = fromRevision - 1;
        this.lastDelivered = fromRevision - 1;
        // one thread per watch keeps batches in order and lets listeners block or call the store
        this.delivery = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("skiff-watch-" + prefix).factory());
        this.giveUpAfter = store.config().requestTimeout().multipliedBy(6);
    }

    static WireWatch start(WireStore store, String prefix, long fromRevision, WatchListener listener) {
        WireWatch w = new WireWatch(store, prefix, fromRevision, listener);
        w.open();
        return w;
    }

    @Override
    public long lastRevision() {
        return lastDelivered;
    }

    @Override
    public void close() {
        GrpcChannel.Call stream;
        synchronized (lock) {
            userClosed = true;
            if (closed) return;
            closed = true;
            generation++;
            stream = current;
            current = null;
        }
        delivery.shutdown();
        if (stream != null) stream.cancel();
    }

    /** Opens a fresh stream from lastReceived + 1; failures go the same way as a broken stream. */
    private void open() {
        int gen;
        long from;
        synchronized (lock) {
            if (closed || current != null) return;
            gen = ++generation;
            from = lastReceived + 1;
        }
        GrpcChannel.Call stream;
        try {
            stream = store.start(EtcdMessages.WATCH, new StreamListener(gen));
            stream.send(EtcdMessages.watchCreate(prefix, from, true), false);
        } catch (RuntimeException e) {
            onStreamFailed(gen, e);
            return;
        }
        boolean stale;
        synchronized (lock) {
            stale = gen != generation || closed;
            if (!stale) current = stream;
        }
        if (stale) stream.cancel();
    }

    private void onMessage(int gen, byte[] message) {
        EtcdMessages.WatchAnswer answer = EtcdMessages.watchAnswer(message);
        if (answer.canceled()) {
            onStreamFailed(gen, answer.compactRevision() > 0
                    ? new StoreException.Compacted(answer.compactRevision())
                    : new WireException("the server cancelled the watch: " + answer.cancelReason()));
            return;
        }
        synchronized (lock) {
            if (gen != generation || closed) return;
            if (answer.created()) {
                failingSinceNanos = -1;
                backoff = MIN_BACKOFF;
            }
            List<WatchEvent> batch = new ArrayList<>();
            for (WatchEvent e : answer.events()) {
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

    private void onStreamFailed(int gen, Throwable failure) {
        GrpcChannel.Call dead;
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
        if (dead != null) dead.cancel();
    }

    // guarded by lock
    private Optional<StoreException> fatal(Throwable failure) {
        if (failure instanceof StoreException.Compacted c) return Optional.of(c);
        long now = System.nanoTime();
        if (failingSinceNanos < 0) failingSinceNanos = now;
        if (now - failingSinceNanos > giveUpAfter.toNanos()) {
            return Optional.of(store.errors().unavailable("watch on " + prefix + " could not reconnect for "
                    + giveUpAfter.toSeconds() + " s (" + failure.getMessage() + ")", failure));
        }
        return Optional.empty();
    }

    // guarded by lock
    private void scheduleReopen() {
        Duration wait = backoff;
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        try {
            store.scheduler().schedule(this::open, wait.toMillis(), TimeUnit.MILLISECONDS);
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

    /**
     * The oldest revision the server still keeps, learned the only way etcd tells it: a watch from
     * revision 1 is cancelled with the compact revision.
     */
    static Optional<Long> compactRevision(WireStore store) {
        CompletableFuture<Long> answer = new CompletableFuture<>();
        GrpcChannel.Call probe = null;
        try {
            probe = store.start(EtcdMessages.WATCH, new GrpcChannel.Listener() {
                @Override
                public void onMessage(byte[] message) {
                    EtcdMessages.WatchAnswer a = EtcdMessages.watchAnswer(message);
                    if (a.canceled()) answer.complete(a.compactRevision());
                }

                @Override
                public void onClose(WireException failure) {
                    answer.completeExceptionally(failure != null ? failure : new WireException("watch ended"));
                }
            });
            probe.send(EtcdMessages.watchCreate("\0skiff", 1, false), false);
            long compact = answer.get(store.config().requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return compact > 0 ? Optional.of(compact) : Optional.empty();
        } catch (Exception unknown) {
            return Optional.empty();
        } finally {
            if (probe != null) probe.cancel();
        }
    }

    private final class StreamListener implements GrpcChannel.Listener {
        private final int gen;

        StreamListener(int gen) {
            this.gen = gen;
        }

        @Override
        public void onMessage(byte[] message) {
            WireWatch.this.onMessage(gen, message);
        }

        @Override
        public void onClose(WireException failure) {
            onStreamFailed(gen, failure != null ? failure : new WireException("the server ended the watch stream"));
        }
    }
}
