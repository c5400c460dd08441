package dev.skiff.store;

import static dev.skiff.store.Jetcd.bytes;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@link ResumingWatch} over jetcd streams. jetcd's own watcher retries too, but it resumes from a
 * revision it may have bumped past undelivered events (it takes the max with the created header's
 * revision) and it stops silently when the server ends the stream: so every jetcd stream here is
 * single-use, and the resume is ours.
 */
final class EtcdWatch extends ResumingWatch<io.etcd.jetcd.Watch.Watcher> {

    private final EtcdStore store;

    private EtcdWatch(EtcdStore store, String prefix, long fromRevision, WatchListener listener) {
        super(prefix, fromRevision, listener, store.scheduler(), store.config().requestTimeout());
        this.store = store;
    }

    static EtcdWatch start(EtcdStore store, String prefix, long fromRevision, WatchListener listener) {
        EtcdWatch w = new EtcdWatch(store, prefix, fromRevision, listener);
        w.start();
        return w;
    }

    @Override
    protected io.etcd.jetcd.Watch.Watcher openStream(int generation, long fromRevision) {
        WatchOption option = WatchOption.builder()
                .withRange(Jetcd.prefixEnd(prefix))
                .withRevision(fromRevision)
                .withPrevKV(true)
                .withCreateNotify(true)
                .build();
        ByteSequence key = prefix.isEmpty() ? ByteSequence.from(new byte[] {0}) : bytes(prefix);
        return store.client().getWatchClient().watch(key, option, new StreamListener(generation));
    }

    @Override
    protected void closeStream(io.etcd.jetcd.Watch.Watcher stream) {
        try {
            // from outside jetcd's callback: its handler may still be unwinding the old stream
            store.scheduler().execute(stream::close);
        } catch (java.util.concurrent.RejectedExecutionException storeClosing) {
            stream.close();
        }
    }

    @Override
    protected Optional<StoreException.Compacted> compaction(Throwable failure) {
        return EtcdErrors.unwrap(failure) instanceof CompactedException ce
                ? Optional.of(new StoreException.Compacted(ce.getCompactedRevision()))
                : Optional.empty();
    }

    @Override
    protected StoreException unavailable(String message, Throwable failure) {
        return store.errors().unavailable(message + " (" + EtcdErrors.unwrap(failure).getMessage() + ")", failure);
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
            onEvents(gen, response.isCreatedNotify(), response.getEvents().stream().map(EtcdWatch::convert).toList());
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
