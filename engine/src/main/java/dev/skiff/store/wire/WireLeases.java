package dev.skiff.store.wire;

import dev.skiff.store.KeepAlive;
import dev.skiff.store.RenewingKeepAlive;
import dev.skiff.store.Lease;
import dev.skiff.store.LeaseStatus;
import dev.skiff.store.Leases;
import dev.skiff.store.StoreException;
import dev.skiff.wire.EtcdMessages;
import dev.skiff.wire.WireException;
import java.time.Duration;
import java.util.Optional;

/** {@link Leases} over etcd's Lease service, with EtcdLeases' semantics. */
final class WireLeases implements Leases {

    private final WireStore store;

    WireLeases(WireStore store) {
        this.store = store;
    }

    @Override
    public Lease grant(Duration ttl) {
        long seconds = Math.max(1, (ttl.toMillis() + 999) / 1000); // etcd counts whole seconds
        EtcdMessages.LeaseAnswer r = EtcdMessages.leaseAnswer(
                store.call(EtcdMessages.LEASE_GRANT, EtcdMessages.leaseGrant(seconds)), true);
        if (!r.error().isEmpty()) throw new IllegalArgumentException("the store refused the lease: " + r.error());
        return new Lease(r.id(), Duration.ofSeconds(r.ttl()));
    }

    @Override
    public KeepAlive keepAlive(long leaseId) {
        return keepAlive(leaseId, () -> { });
    }

    @Override
    public KeepAlive keepAlive(long leaseId, Runnable onLost) {
        LeaseStatus status = status(leaseId)
                .orElseThrow(() -> new StoreException.NotFound("lease " + Long.toHexString(leaseId)));
        Duration ttl = status.granted().isPositive() ? status.granted() : status.remaining();
        RenewingKeepAlive.Client client = new RenewingKeepAlive.Client(
                () -> store.callAsync(EtcdMessages.LEASE_KEEP_ALIVE, EtcdMessages.leaseId(leaseId))
                        .thenApply(answer -> EtcdMessages.leaseAnswer(answer, false).ttl()),
                failure -> failure instanceof WireException w && WireErrors.isLeaseNotFound(w),
                store.scheduler(), store.config().requestTimeout());
        return RenewingKeepAlive.start(client, leaseId, ttl, onLost);
    }

    @Override
    public void revoke(long leaseId) {
        try {
            store.call(EtcdMessages.LEASE_REVOKE, EtcdMessages.leaseId(leaseId));
        } catch (StoreException.LeaseNotFound gone) {
            // already gone: what revoking it was for
        }
    }

    @Override
    public Optional<LeaseStatus> status(long leaseId) {
        EtcdMessages.LeaseAnswer r = timeToLiveAnswer(leaseId);
        return r.ttl() < 0 ? Optional.empty()
                : Optional.of(new LeaseStatus(Duration.ofSeconds(r.grantedTtl()), Duration.ofSeconds(r.ttl())));
    }

    /** etcd answers TTL -1 for a lease it does not have (expired or revoked). */
    private EtcdMessages.LeaseAnswer timeToLiveAnswer(long leaseId) {
        try {
            return EtcdMessages.leaseAnswer(store.call(EtcdMessages.LEASE_TIME_TO_LIVE, EtcdMessages.leaseId(leaseId)), false);
        } catch (StoreException.LeaseNotFound gone) {
            return new EtcdMessages.LeaseAnswer(leaseId, -1, 0, "");
        }
    }
}
