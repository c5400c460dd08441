package dev.skiff.store;

import io.etcd.jetcd.lease.LeaseTimeToLiveResponse;
import io.etcd.jetcd.options.LeaseOption;
import java.time.Duration;
import java.util.Optional;

/** {@link Leases} over jetcd's lease client. */
final class EtcdLeases implements Leases {

    private final EtcdStore store;

    EtcdLeases(EtcdStore store) {
        this.store = store;
    }

    @Override
    public Lease grant(Duration ttl) {
        long seconds = Math.max(1, (ttl.toMillis() + 999) / 1000); // etcd counts whole seconds
        var r = store.await(store.client().getLeaseClient().grant(seconds));
        return new Lease(r.getID(), Duration.ofSeconds(r.getTTL()));
    }

    @Override
    public KeepAlive keepAlive(long leaseId) {
        return keepAlive(leaseId, () -> { });
    }

    @Override
    public KeepAlive keepAlive(long leaseId, Runnable onLost) {
        LeaseStatus status = status(leaseId)
                .orElseThrow(() -> new StoreException.NotFound("lease " + Long.toHexString(leaseId)));
        RenewingKeepAlive.Client client = new RenewingKeepAlive.Client(
                () -> store.client().getLeaseClient().keepAliveOnce(leaseId).thenApply(r -> r.getTTL()),
                EtcdErrors::isLeaseNotFound, store.scheduler(), store.config().requestTimeout());
        Duration ttl = status.granted().isPositive() ? status.granted() : status.remaining();
        return RenewingKeepAlive.start(client, leaseId, ttl, onLost);
    }

    @Override
    public void revoke(long leaseId) {
        try {
            store.await(store.client().getLeaseClient().revoke(leaseId));
        } catch (StoreException.LeaseNotFound gone) {
            // already gone: what revoking it was for
        }
    }

    @Override
    public Optional<LeaseStatus> status(long leaseId) {
        LeaseTimeToLiveResponse r = store.await(store.client().getLeaseClient().timeToLive(leaseId, LeaseOption.DEFAULT));
        return r.getTTL() < 0 ? Optional.empty()
                : Optional.of(new LeaseStatus(Duration.ofSeconds(r.getGrantedTTL()), Duration.ofSeconds(r.getTTL())));
    }
}
