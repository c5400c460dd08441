package dev.skiff.store.embedded;

import io.etcd.jetcd.api.WatchGrpc;
import io.etcd.jetcd.api.WatchRequest;
import io.etcd.jetcd.api.WatchResponse;
import io.grpc.stub.StreamObserver;

/** etcd's Watch service: one {@link WatchStream} per client stream. */
final class WatchService extends WatchGrpc.WatchImplBase {
    private final Backend backend;

    WatchService(Backend backend) {
        this.backend = backend;
    }

    @Override
    public StreamObserver<WatchRequest> watch(StreamObserver<WatchResponse> out) {
        WatchStream stream = new WatchStream(backend, out);
        backend.watchStreams().add(stream);
        return stream;
    }

    /** Sends progress notifications to idle watchers that asked for them. */
    void notifyProgress() {
        long revision = backend.hub().revision();
        backend.watchStreams().forEach(s -> s.progress(revision));
    }
}
