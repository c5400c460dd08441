package dev.skiff.store;

import static dev.skiff.store.Jetcd.bytes;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A watch that survives disconnects. jetcd's own watcher retries too, but it resumes from a
 * revision it may have bumped past undelivered events (it takes the max with the created header's
 * revision) and it stops silently when the server ends the stream. So every jetcd stream here is
 * single-use: on any error or end it is discarded (its later events ignored by generation) and a
 * new stream is opened from lastReceived + 1. Events are also filtered by revision, so nothing is
 * delivered twice even if a stream repeats itself.
 */
final class EtcdWatch implements Watch {

    private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    private final EtcdStore store;
    private final String prefix;
    private final WatchListener listener;
    private final ExecutorService delivery;
    private final Duration giveUpAfter;

    private final Object lock = new Object();
    private long lastReceived;           // guarded by lock: highest revision handed to delivery
    private int generation;              // guarded by lock: the live jetcd stream
    private io.etcd.jetcd.Watch.Watcher current;
    private long failingSinceNanos = -1; // guarded by lock: -1 while healthy
    private Duration backoff = MIN_BACKOFF;
    private boolean closed;
    private volatile long lastDelivered;
    private volatile boolean userClosed; // set by close(): queued callbacks are dropped

    private EtcdWatch(EtcdStore store, String prefix, long fromRevision, WatchListener listener) {
        this.store = store;
        this.prefix = prefix;
        this.listener = listener;
        this.lastReceived = fromRevision - 1;
        this.lastDelivered = fromRevision - 1;
        // one thread per watch keeps batches in order and lets listeners block or call the store
        this.delivery = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("skiff-watch-" + prefix).factory());
        this.giveUpAfter = store.config().requestTimeout().multipliedBy(6);
    }

    static EtcdWatch start(EtcdStore store, String prefix, long fromRevision, WatchListener listener) {
        EtcdWatch w = new EtcdWatch(store, prefix, fromRevision, listener);
        w.open();
        return w;
    }

    @Override
    public long lastRevision() {
        return lastDelivered;
    }

    @Override
    public void close() {
        io.etcd.jetcd.Watch.Watcher stream;
        synchronized (lock) {
            userClosed = true;
            if (closed) return;
            closed = true;
            generation++;
            stream = current;
            current = null;
        }
        delivery.shutdown();
        if (stream != null) stream.close();
    }

    /** Opens a fresh jetcd stream; never holds our lock while calling jetcd (its callbacks take ours). */
    private void open() {
        int gen;
        WatchOption option;
        synchronized (lock) {
            if (closed || current != null) return;
            gen = ++generation;
            option = WatchOption.builder()
                    .withRange(Jetcd.prefixEnd(prefix))
                    .withRevision(lastReceived + 1)
                    .withPrevKV(true)
                    .withCreateNotify(true)
                    .build();
        }
        ByteSequence key = prefix.isEmpty() ? ByteSequence.from(new byte[] {0}) : bytes(prefix);
        io.etcd.jetcd.Watch.Watcher stream;
        try {
            stream = store.client().getWatchClient().watch(key, option, new StreamListener(gen));
        } catch (RuntimeException e) {
            onStreamFailed(gen, e);
            return;
        }
        boolean stale;
        synchronized (lock) {
            stale = gen != generation || closed;
            if (!stale) current = stream;
        }
        if (stale) stream.close();
    }

    private void onResponse(int gen, WatchResponse response) {
        synchronized (lock) {
            if (gen != generation || closed) return;
            if (response.isCreatedNotify()) {
                failingSinceNanos = -1;
                backoff = MIN_BACKOFF;
            }
            List<WatchEvent> batch = new ArrayList<>();
            long floor = lastReceived;
            for (io.etcd.jetcd.watch.WatchEvent e : response.getEvents()) {
                WatchEvent event = convert(e);
                if (event.revision() > floor) batch.add(event);
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
        io.etcd.jetcd.Watch.Watcher dead;
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
        // closing from outside jetcd's callback: its handler is still unwinding the old stream
        if (dead != null) store.scheduler().execute(dead::close);
    }

    // guarded by lock
    private Optional<StoreException> fatal(Throwable failure) {
        Throwable t = EtcdErrors.unwrap(failure);
        if (t instanceof CompactedException ce) {
            return Optional.of(new StoreException.Compacted(ce.getCompactedRevision()));
        }
        long now = System.nanoTime();
        if (failingSinceNanos < 0) failingSinceNanos = now;
        if (now - failingSinceNanos > giveUpAfter.toNanos()) {
            return Optional.of(store.errors().unavailable("watch on " + prefix + " could not reconnect for "
                    + giveUpAfter.toSeconds() + " s (" + EtcdErrors.unwrap(failure).getMessage() + ")", failure));
        }
        return Optional.empty();
    }

    // guarded by lock
    private void scheduleReopen() {
        Duration wait = backoff;
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        try {
            store.scheduler().schedule(this::open, wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException storeClosed) {
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
        } catch (java.util.concurrent.RejectedExecutionException afterClose) {
            // the watch was closed: nothing more is delivered
        }
    }

    private static WatchEvent convert(io.etcd.jetcd.watch.WatchEvent e) {
        KeyValue kv = Jetcd.kv(e.getKeyValue());
        Optional<KeyValue> previous = Jetcd.previous(e.getPrevKV());
        return switch (e.getEventType()) {
            case PUT -> new WatchEvent.Put(kv, previous);
            case DELETE -> new WatchEvent.Delete(kv.key(), kv.modRevision(), previous);
            case UNRECOGNIZED -> throw new IllegalStateException("unknown watch event type from the store");
        };
    }

    /**
     * The oldest revision the server still keeps, learned the only way etcd tells it: a watch from
     * revision 1 is cancelled with the compact revision.
     */
    static Optional<Long> compactRevision(EtcdStore store) {
        CompletableFuture<Long> answer = new CompletableFuture<>();
        WatchOption option = WatchOption.builder().withRevision(1).build();
        io.etcd.jetcd.Watch.Watcher probe = store.client().getWatchClient().watch(
                ByteSequence.from(new byte[] {0, 's', 'k', 'i', 'f', 'f'}), option,
                io.etcd.jetcd.Watch.listener(r -> { }, t -> {
                    if (EtcdErrors.unwrap(t) instanceof CompactedException ce) answer.complete(ce.getCompactedRevision());
                    else answer.completeExceptionally(t);
                }));
        try {
            return Optional.of(answer.get(store.config().requestTimeout().toMillis(), TimeUnit.MILLISECONDS));
        } catch (Exception unknown) {
            return Optional.empty();
        } finally {
            probe.close();
        }
    }

    private final class StreamListener implements io.etcd.jetcd.Watch.Listener {
        private final int gen;

        StreamListener(int gen) {
            this.gen = gen;
        }

        @Override
        public void onNext(WatchResponse response) {
            onResponse(gen, response);
        }

        @Override
        public void onError(Throwable throwable) {
            onStreamFailed(gen, throwable);
        }

        @Override
        public void onCompleted() {
            // jetcd does not reconnect a stream the server ended; treat it as a disconnect
            onStreamFailed(gen, new IllegalStateException("the server ended the watch stream"));
        }
    }
}
