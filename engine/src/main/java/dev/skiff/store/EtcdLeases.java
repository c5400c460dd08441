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
        Duration ttl = timeToLive(leaseId).orElseThrow(() -> new StoreException.NotFound("lease " + Long.toHexString(leaseId)));
        RenewingKeepAlive.Client client = new RenewingKeepAlive.Client(
                () -> store.client().getLeaseClient().keepAliveOnce(leaseId).thenApply(r -> r.getTTL()),
                EtcdErrors::isLeaseNotFound, store.scheduler(), store.config().requestTimeout());
        return RenewingKeepAlive.start(client, leaseId, grantedTtl(leaseId, ttl), onLost);
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
    public Optional<Duration> timeToLive(long leaseId) {
        LeaseTimeToLiveResponse r = store.await(store.client().getLeaseClient().timeToLive(leaseId, LeaseOption.DEFAULT));
        return r.getTTL() < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(r.getTTL()));
    }

    private Duration grantedTtl(long leaseId, Duration fallback) {
        LeaseTimeToLiveResponse r = store.await(store.client().getLeaseClient().timeToLive(leaseId, LeaseOption.DEFAULT));
        return r.getGrantedTTL() > 0 ? Duration.ofSeconds(r.getGrantedTTL()) : fallback;
    }
}
