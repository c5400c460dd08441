package dev.skiff.store.embedded;

import io.etcd.jetcd.api.LeaseGrantRequest;
import io.etcd.jetcd.api.LeaseGrantResponse;
import io.etcd.jetcd.api.LeaseGrpc;
import io.etcd.jetcd.api.LeaseKeepAliveRequest;
import io.etcd.jetcd.api.LeaseKeepAliveResponse;
import io.etcd.jetcd.api.LeaseRevokeRequest;
import io.etcd.jetcd.api.LeaseRevokeResponse;
import io.etcd.jetcd.api.LeaseTimeToLiveRequest;
import io.etcd.jetcd.api.LeaseTimeToLiveResponse;
import io.grpc.stub.StreamObserver;

/** etcd's Lease service. Keep-alives are answered from memory and never touch the disk. */
final class LeaseService extends LeaseGrpc.LeaseImplBase {
    private final Backend backend;
    private final LeaseOps ops;

    LeaseService(Backend backend, LeaseOps ops) {
        this.backend = backend;
        this.ops = ops;
    }

    @Override
    public void leaseGrant(LeaseGrantRequest req, StreamObserver<LeaseGrantResponse> out) {
        Replies.later(out, () -> ops.grant(req));
    }

    @Override
    public void leaseRevoke(LeaseRevokeRequest req, StreamObserver<LeaseRevokeResponse> out) {
        Replies.later(out, () -> ops.revoke(req.getID()));
    }

    @Override
    public void leaseTimeToLive(LeaseTimeToLiveRequest req, StreamObserver<LeaseTimeToLiveResponse> out) {
        Replies.now(out, () -> {
            long revision = backend.revision();
            Leases.Status status = backend.leases().status(req.getID());
            LeaseTimeToLiveResponse.Builder response = LeaseTimeToLiveResponse.newBuilder()
                    .setHeader(backend.identity().header(revision))
                    .setID(req.getID())
                    .setTTL(status.remainingTtl())
                    .setGrantedTTL(status.grantedTtl());
            if (req.getKeys() && status.remainingTtl() >= 0) {
                backend.log().read(c -> SqliteLog.liveWithLease(c, req.getID()))
                        .forEach(row -> response.addKeys(row.name()));
            }
            return response.build();
        });
    }

    @Override
    public StreamObserver<LeaseKeepAliveRequest> leaseKeepAlive(StreamObserver<LeaseKeepAliveResponse> out) {
        return new StreamObserver<>() {
            @Override
            public void onNext(LeaseKeepAliveRequest req) {
                long ttl = backend.leases().keepAlive(req.getID());
                LeaseKeepAliveResponse response = LeaseKeepAliveResponse.newBuilder()
                        .setHeader(backend.identity().header(backend.revision()))
                        .setID(req.getID())
                        .setTTL(ttl)
                        .build();
                synchronized (this) {
                    out.onNext(response);
                }
            }

            @Override
            public void onError(Throwable t) {
                // the client went away; nothing is held for it
            }

            @Override
            public void onCompleted() {
                synchronized (this) {
                    out.onCompleted();
                }
            }
        };
    }

}
