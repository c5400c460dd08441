package dev.skiff.store.embedded;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns results and our exceptions into gRPC replies with etcd's codes. */
final class Replies {
    private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

    private Replies() {}

    static <T> void now(StreamObserver<T> out, Supplier<T> work) {
        T value;
        try {
            value = work.get();
        } catch (RuntimeException e) {
            out.onError(status(e));
            return;
        }
        out.onNext(value);
        out.onCompleted();
    }

    static <T> void later(StreamObserver<T> out, Supplier<CompletableFuture<T>> work) {
        CompletableFuture<T> future;
        try {
            future = work.get();
        } catch (RuntimeException e) {
            out.onError(status(e));
            return;
        }
        future.whenComplete((value, error) -> {
            if (error != null) {
                out.onError(status(error));
            } else {
                out.onNext(value);
                out.onCompleted();
            }
        });
    }

    static StatusRuntimeException status(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof EtcdError etcd) {
            return etcd.toStatus();
        }
        if (e instanceof StatusRuntimeException s) {
            return s;
        }
        if (e instanceof StoreFailure) {
            LOG.error("store failure", e);
            return Status.UNAVAILABLE.withDescription("etcdserver: " + e.getMessage()).asRuntimeException();
        }
        LOG.error("unexpected error", e);
        return Status.INTERNAL.withDescription(String.valueOf(e.getMessage())).asRuntimeException();
    }
}
