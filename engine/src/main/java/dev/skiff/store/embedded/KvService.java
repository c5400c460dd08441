package dev.skiff.store.embedded;

import io.etcd.jetcd.api.CompactionRequest;
import io.etcd.jetcd.api.CompactionResponse;
import io.etcd.jetcd.api.DeleteRangeRequest;
import io.etcd.jetcd.api.DeleteRangeResponse;
import io.etcd.jetcd.api.KVGrpc;
import io.etcd.jetcd.api.PutRequest;
import io.etcd.jetcd.api.PutResponse;
import io.etcd.jetcd.api.RangeRequest;
import io.etcd.jetcd.api.RangeResponse;
import io.etcd.jetcd.api.TxnRequest;
import io.etcd.jetcd.api.TxnResponse;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;

/** etcd's KV service: reads go straight to SQLite, writes through the group-committing writer. */
final class KvService extends KVGrpc.KVImplBase {
    private final Backend backend;
    private final Compactor compactor;

    KvService(Backend backend, Compactor compactor) {
        this.backend = backend;
        this.compactor = compactor;
    }

    @Override
    public void range(RangeRequest req, StreamObserver<RangeResponse> out) {
        Replies.now(out, () -> {
            long current = backend.revision();
            long compacted = backend.compactRevision();
            return backend.log().read(c -> Ranges.range(c, req, current, compacted)
                    .setHeader(backend.identity().header(current))
                    .build());
        });
    }

    @Override
    public void put(PutRequest req, StreamObserver<PutResponse> out) {
        Replies.later(out, () -> {
            Validation.put(req);
            Validation.size(req, backend.config().maxRequestBytes());
            return backend.writer().submit(ctx -> backend.mutations().put(ctx, req)
                    .setHeader(backend.identity().header(ctx.revision()))
                    .build());
        });
    }

    @Override
    public void deleteRange(DeleteRangeRequest req, StreamObserver<DeleteRangeResponse> out) {
        Replies.later(out, () -> {
            Validation.delete(req);
            return backend.writer().submit(ctx -> backend.mutations().delete(ctx, req)
                    .setHeader(backend.identity().header(ctx.revision()))
                    .build());
        });
    }

    @Override
    public void txn(TxnRequest req, StreamObserver<TxnResponse> out) {
        Replies.later(out, () -> {
            Validation.txn(req);
            Validation.size(req, backend.config().maxRequestBytes());
            return backend.writer().submit(ctx -> backend.mutations().txn(ctx, req)
                    .setHeader(backend.identity().header(ctx.revision()))
                    .build());
        });
    }

    @Override
    public void compact(CompactionRequest req, StreamObserver<CompactionResponse> out) {
        Replies.later(out, () -> backend.writer()
                .submit(ctx -> {
                    backend.markCompacted(ctx, req.getRevision());
                    return CompactionResponse.newBuilder()
                            .setHeader(backend.identity().header(ctx.revision()))
                            .build();
                })
                .thenCompose(response -> {
                    CompletableFuture<Void> removal = compactor.removeCompacted();
                    // physical=true asks to answer only once the history is really gone, as etcd does
                    return req.getPhysical()
                            ? removal.thenApply(done -> response)
                            : CompletableFuture.completedFuture(response);
                }));
    }
}
