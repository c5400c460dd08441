package dev.skiff.controllers.node;

import dev.skiff.store.LeaseStatus;
import dev.skiff.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When to ask the store about a node's heartbeat lease, and what the answer means. A lease's
 * remaining TTL tells when it was last renewed (granted minus remaining, never later than the
 * truth: {@link LeaseStatus#lastRenewedBy}, and at most a second earlier), so a node is probed
 * when its grace may run out if it renewed no more, then every {@link #FINE} until it surely has
 * or a renewal shows — a request per node every few seconds while all is well, one a second while
 * it is silent (to see it speak again). It is silent within {@code FINE} of its grace running out,
 * never before (the grace counts in the store's whole seconds: 4.5 s is 5).
 * <p>
 * Time the store was out of this engine's reach does not count against a node: the agents could
 * not renew then either. So silence is counted from the latest of the last renewal, the start of
 * this term (a new leader knows no history) and the end of the last failed or stalled probe.
 */
final class LeaseProbe {

    /** The longest the prober sleeps, so that new keys are probed soon. */
    static final Duration IDLE = Duration.ofSeconds(1);
    static final Duration MIN_SLEEP = Duration.ofMillis(20);
    /** A probe slower than this means the store stalled, for the agents' renewals too. */
    static final Duration STALL = Duration.ofSeconds(1);
    /** The store's TTLs are whole seconds: a renewal is known to a second. */
    private static final Duration RESOLUTION = Duration.ofSeconds(1);
    /** How closely a lease is watched in the second its grace may run out in. */
    static final Duration FINE = Duration.ofMillis(200);

    enum State {
        /** Renewed within the grace. */
        RENEWING,
        /** Not renewed for longer than the grace (counting from the floor). */
        SILENT,
        /** Not probed now, or no conclusion (the store did not answer, the lease is gone, or the floor moved). */
        UNKNOWN
    }

    /**
     * What a probe said at {@code at}: {@code renewed} is the latest instant the lease can have been
     * renewed (EPOCH when unknown), {@code next} when to probe it again.
     */
    record Verdict(State state, Instant at, Instant renewed, Instant next) {
        Duration quietFor() {
            return Duration.between(renewed, at);
        }
    }

    private record Due(long lease, Instant at) {}

    private final Clock clock;
    private final Duration grace;
    private final Map<String, Due> due = new ConcurrentHashMap<>();
    private volatile Instant floor = Instant.EPOCH;

    LeaseProbe(Clock clock, Duration grace) {
        this.clock = clock;
        this.grace = grace;
    }

    /** A new term: no history, and silence counts from {@code termStart}. */
    void restart(Instant termStart) {
        due.clear();
        floor = termStart;
    }

    void forget(String node) {
        due.remove(node);
    }

    /** Probes {@code node}'s lease if it is due (or is a lease not probed before). */
    Verdict probeIfDue(Store store, String node, long lease) {
        Instant now = clock.instant();
        Due d = due.get(node);
        if (d != null && d.lease() == lease && now.isBefore(d.at())) {
            return new Verdict(State.UNKNOWN, now, Instant.EPOCH, d.at());
        }
        Verdict v = probe(store, lease);
        due.put(node, new Due(lease, v.next()));
        return v;
    }

    private Verdict probe(Store store, long lease) {
        Instant sent = clock.instant();
        Optional<LeaseStatus> status;
        try {
            status = store.leases().status(lease);
        } catch (RuntimeException unreachable) {
            Instant now = clock.instant();
            floor = now;
            return new Verdict(State.UNKNOWN, now, Instant.EPOCH, now.plus(IDLE));
        }
        return judge(status, sent, clock.instant());
    }

    /** What a lease's status, asked at {@code sent} and answered at {@code seen}, says. */
    Verdict judge(Optional<LeaseStatus> status, Instant sent, Instant seen) {
        if (Duration.between(sent, seen).compareTo(STALL) > 0) floor = seen;
        if (status.isEmpty()) { // expired: the key's deletion follows
            return new Verdict(State.UNKNOWN, seen, Instant.EPOCH, seen.plus(IDLE));
        }
        LeaseStatus st = status.get();
        if (grace.compareTo(st.granted()) >= 0) {
            // the lease expires before the grace runs out: its expiry is the signal
            return new Verdict(State.UNKNOWN, seen, Instant.EPOCH, seen.plus(st.granted()));
        }
        Instant renewed = st.lastRenewedBy(seen);
        Duration quiet = Duration.between(later(renewed, floor), seen);
        if (quiet.compareTo(grace) >= 0) {
            // whole seconds, truncated: "renewed" at the latest this long ago means longer, surely
            return new Verdict(State.SILENT, seen, renewed, seen.plus(IDLE));
        }
        // it may have been renewed up to a second before "renewed": look then, and closely after
        Instant earliest = later(renewed.minus(RESOLUTION), floor).plus(grace);
        Instant next = earliest.isAfter(seen.plus(FINE)) ? earliest : seen.plus(FINE);
        State state = Duration.between(renewed, seen).compareTo(grace) < 0 ? State.RENEWING : State.UNKNOWN;
        return new Verdict(state, seen, renewed, next); // UNKNOWN: quiet, but the floor moved since
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
