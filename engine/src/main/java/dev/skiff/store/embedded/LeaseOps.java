package dev.skiff.store.embedded;

import io.etcd.jetcd.api.LeaseGrantRequest;
import io.etcd.jetcd.api.LeaseGrantResponse;
import io.etcd.jetcd.api.LeaseRevokeResponse;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** The lease writes — grant, revoke, expiry — each one writer op; expiry deletes keys at one revision. */
final class LeaseOps {
    private final Backend backend;
    private final Set<Long> expiring = ConcurrentHashMap.newKeySet();

    LeaseOps(Backend backend) {
        this.backend = backend;
    }

    CompletableFuture<LeaseGrantResponse> grant(LeaseGrantRequest req) {
        long ttl = Leases.effectiveTtl(req.getTTL());
        return backend.writer().submit(ctx -> {
            Leases leases = backend.leases();
            long id = req.getID() == 0 ? leases.newId() : req.getID();
            if (leases.exists(id)) {
                throw EtcdError.leaseExists();
            }
            SqliteLog.insertLease(ctx.connection(), id, ttl);
            leases.add(id, ttl);
            return LeaseGrantResponse.newBuilder()
                    .setHeader(backend.identity().header(ctx.revision()))
                    .setID(id)
                    .setTTL(ttl)
                    .build();
        });
    }

    CompletableFuture<LeaseRevokeResponse> revoke(long id) {
        return backend.writer().submit(ctx -> {
            if (!backend.leases().exists(id)) {
                throw EtcdError.leaseNotFound();
            }
            revokeIn(ctx, id);
            return LeaseRevokeResponse.newBuilder().setHeader(backend.identity().header(ctx.revision())).build();
        });
    }

    private void revokeIn(WriteContext ctx, long id) {
        Mutations.deleteRows(ctx, SqliteLog.liveWithLease(ctx.connection(), id));
        SqliteLog.deleteLease(ctx.connection(), id);
        backend.leases().remove(id);
    }

    /** Revokes leases whose deadline passed; a keep-alive that lands first wins (checked in the writer). */
    void expireDue() {
        for (long id : backend.leases().expired()) {
            if (!expiring.add(id)) {
                continue;
            }
            backend.writer().submit(ctx -> {
                if (backend.leases().isExpired(id)) {
                    revokeIn(ctx, id);
                }
                return null;
            }).whenComplete((ok, error) -> expiring.remove(id));
        }
    }
}
