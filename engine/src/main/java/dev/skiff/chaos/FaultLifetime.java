package dev.skiff.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * The one rule for when a fault ends, shared by the engine (pod-kill, node-drain) and the agents'
 * executors (everything else): it ends when its object is being deleted, when it is halted
 * (annotation {@value #HALT_ANNOTATION}), when its creator's lease is gone, or when its duration
 * has passed since it was injected — or once {@code status.endReason} says so. Whoever applied a
 * fault reverts it on {@link End}.
 */
public final class FaultLifetime {

    public static final String HALT_ANNOTATION = "chaos.skiff.dev/halt";

    private FaultLifetime() {
    }

    /** Why a fault ended, as recorded in {@code status.endReason}. */
    public enum EndReason {
        DELETED("Deleted"), HALTED("Halted"), LEASE_LOST("LeaseLost"), DURATION_ELAPSED("DurationElapsed"),
        COMPLETED("Completed");

        public final String wire;

        EndReason(String wire) {
            this.wire = wire;
        }

        /** The reason a status records; one this version does not know counts as completed. */
        public static EndReason ofWire(String wire) {
            for (EndReason r : values()) if (r.wire.equals(wire)) return r;
            return COMPLETED;
        }
    }

    public sealed interface Verdict permits Active, End {
    }

    /** Still on; {@code until} is when the duration ends (empty: until halted or deleted). */
    public record Active(Optional<Instant> until) implements Verdict {
        public Optional<Duration> left(Instant now) {
            return until.map(u -> Duration.between(now, u)).map(d -> d.isNegative() ? Duration.ZERO : d);
        }
    }

    public record End(EndReason reason) implements Verdict {
    }

    /** @param leaseAlive whether a lease id is still held (asked only when the fault names one) */
    public static Verdict verdict(Fault fault, Instant now, LongPredicate leaseAlive) {
        // once the engine has recorded the end, every agent sees the same end, whatever its clock says
        String recorded = fault.statusOrNew().endReason();
        if (recorded != null) return new End(EndReason.ofWire(recorded));
        if (fault.metadata().deletionTimestamp() != null) return new End(EndReason.DELETED);
        if (halted(fault)) return new End(EndReason.HALTED);
        Optional<Long> lease = ChaosLease.of(fault);
        if (lease.isPresent() && !leaseAlive.test(lease.get())) return new End(EndReason.LEASE_LOST);
        Optional<Instant> until = until(fault);
        if (until.isPresent() && !now.isBefore(until.get())) return new End(EndReason.DURATION_ELAPSED);
        return new Active(until);
    }

    public static boolean halted(Fault fault) {
        return "true".equals(fault.metadata().annotationsOrEmpty().get(HALT_ANNOTATION));
    }

    /** When the duration ends: counted from the start (injection), unknown before it. */
    public static Optional<Instant> until(Fault fault) {
        Instant start = fault.statusOrNew().startTime();
        String duration = fault.spec() == null ? null : fault.spec().duration();
        if (start == null || duration == null) return Optional.empty();
        return Optional.of(start.plus(GoDuration.parse(duration)));
    }
}
