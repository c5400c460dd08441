package dev.skiff.store.wire;

import dev.skiff.store.ResumingWatch;
import dev.skiff.store.StoreException;
import dev.skiff.store.WatchListener;
import dev.skiff.wire.EtcdMessages;
import dev.skiff.wire.GrpcChannel;
import dev.skiff.wire.WireException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@link ResumingWatch} over etcd Watch streams on the light client's connection. */
final class WireWatch extends ResumingWatch<GrpcChannel.Call> {

    private final WireStore store;

    private WireWatch(WireStore store, String prefix, long fromRevision, WatchListener listener) {
        super(prefix, fromRevision, listener, store.scheduler(), store.config().requestTimeout());
        this.store = store;
    }

    static WireWatch start(WireStore store, String prefix, long fromRevision, WatchListener listener) {
        WireWatch w = new WireWatch(store, prefix, fromRevision, listener);
        w.start();
        return w;
    }

    @Override
    protected GrpcChannel.Call openStream(int generation, long fromRevision) {
        GrpcChannel.Call stream = store.start(EtcdMessages.WATCH, new StreamListener(generation));
        try {
            stream.send(EtcdMessages.watchCreate(prefix, fromRevision, true), false);
        } catch (RuntimeException e) {
            stream.cancel();
            throw e;
        }
        return stream;
    }

    @Override
    protected void closeStream(GrpcChannel.Call stream) {
        stream.cancel();
    }

    @Override
    protected Optional<StoreException.Compacted> compaction(Throwable failure) {
        return failure instanceof StoreException.Compacted c ? Optional.of(c) : Optional.empty();
    }

    @Override
    protected StoreException unavailable(String message, Throwable failure) {
        return store.errors().unavailable(message + " (" + failure.getMessage() + ")", failure);
    }

    private void onMessage(int gen, byte[] message) {
        EtcdMessages.WatchAnswer answer = EtcdMessages.watchAnswer(message);
        if (answer.canceled()) {
            onStreamFailed(gen, answer.compactRevision() > 0
                    ? new StoreException.Compacted(answer.compactRevision())
                    : new WireException("the server cancelled the watch: " + answer.cancelReason()));
            return;
        }
        onEvents(gen, answer.created(), answer.events());
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
