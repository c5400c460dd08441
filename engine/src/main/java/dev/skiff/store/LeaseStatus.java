package dev.skiff.store;

import java.time.Duration;
import java.time.Instant;

/**
 * A live lease as the store reports it: the TTL it was granted (what each keep-alive resets it
 * to) and the time it has left, both in etcd's whole seconds — remaining is truncated, so the
 * lease lives at least {@code remaining} and less than {@code remaining} + 1 s more.
 */
public record LeaseStatus(Duration granted, Duration remaining) {

    /**
     * The latest instant the lease can have been renewed, given it had {@code remaining} left at
     * {@code seenAt} (when the answer arrived): never later than the truth, at most a second and a
     * round trip earlier.
     */
    public Instant lastRenewedBy(Instant seenAt) {
        Instant latest = seenAt.plus(remaining).plusSeconds(1).minus(granted);
        return latest.isAfter(seenAt) ? seenAt : latest;
    }
}
