package dev.skiff.scenario;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.skiff.chaos.ChaosTarget;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a run did, in Chaos Toolkit's journal shape: {@code status} completed | failed | aborted |
 * interrupted, {@code deviated}, the steady state before and after, every step with its times and
 * the store revision, every sample of the continuous probes, the faults as their objects report
 * them, and the resilience score.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Journal(String title, String description, String status, boolean deviated, String reason,
                      Instant start, Instant end, double duration, SteadyState steadyStateBefore,
                      SteadyState steadyStateAfter, List<StepRun> run, List<StepRun> rollbacks, List<Sample> timeline,
                      List<FaultRecord> faults, ResilienceScore score) {

    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    public static final String ABORTED = "aborted";
    public static final String INTERRUPTED = "interrupted";

    public boolean succeeded() {
        return COMPLETED.equals(status) && !deviated;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SteadyState(boolean met, List<ProbeOutcome> probes) {
    }

    /** One evaluation of a probe: its value, the tolerance as written and the verdict. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProbeOutcome(String name, String provider, Object value, String tolerance, boolean ok, String error,
                               Map<String, Object> details, Instant start, Instant end) {
    }

    /** A step: status succeeded | failed | skipped, the store revision at its start and end. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StepRun(String name, String type, String status, Instant start, Instant end, long startRevision,
                          long endRevision, String fault, ProbeOutcome output, String error) {
    }

    /** One sample of a continuous probe. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Sample(String probe, Instant time, Object value, boolean ok, Map<String, Object> details) {
    }

    /** A fault the run created, read back from its object at the end. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FaultRecord(String step, String kind, String namespace, String name, String action, String phase,
                              Instant injected, Instant ended, String endReason, List<ChaosTarget> targets) {
    }
}
