package dev.skiff.store;

import java.time.Duration;
import java.util.Optional;

/** etcd leases: time-bounded ownership for keys (node liveness, leader election, fault switches). */
public interface Leases {

    /** Grants a lease; etcd may round the TTL up (its minimum is a few seconds' worth of ticks). */
    Lease grant(Duration ttl);

    KeepAlive keepAlive(long leaseId);

    /** Like {@link #keepAlive(long)}; {@code onLost} runs once, on a background thread, if the lease is lost. */
    KeepAlive keepAlive(long leaseId, Runnable onLost);

    /** Revokes the lease and deletes its keys; revoking an unknown or expired lease is a no-op. */
    void revoke(long leaseId);

    /** Remaining time to live, or empty when the lease does not exist (expired or revoked). */
    default Optional<Duration> timeToLive(long leaseId) {
        return status(leaseId).map(LeaseStatus::remaining);
    }

    /** Granted and remaining TTL (one TimeToLive request), or empty when the lease does not exist. */
    Optional<LeaseStatus> status(long leaseId);
}
