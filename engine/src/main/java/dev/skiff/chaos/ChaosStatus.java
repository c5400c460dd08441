package dev.skiff.chaos;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.skiff.api.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What happened to a fault: its phase, when it started and ended and why it ended, the targets
 * it chose with per-target injected/recovered times, and the records of each step (bounded, so
 * a long-running fault cannot grow without limit), and for a NetworkChaos with a sending side the
 * source pods it chose ({@code sources}).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ChaosStatus(ChaosPhase phase, List<Condition> conditions, Instant startTime, Instant endTime,
                          String endReason, List<ChaosTarget> targets, List<ChaosRecord> records,
                          List<ChaosSource> sources) {

    static final int MAX_RECORDS = 100;

    public ChaosStatus {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        targets = targets == null ? List.of() : List.copyOf(targets);
        records = records == null ? List.of() : List.copyOf(records);
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    public static final ChaosStatus NEW = new ChaosStatus(null, null, null, null, null, null, null, null);

    @JsonIgnore
    public boolean ended() {
        return phase == ChaosPhase.FINISHED || phase == ChaosPhase.FAILED;
    }

    /** Running, and every target chosen injected (or already recovered): the fault is in full effect. */
    @JsonIgnore
    public boolean injected() {
        return phase == ChaosPhase.RUNNING && !targets.isEmpty()
                && targets.stream().allMatch(t -> t.injectedAt() != null || t.recoveredAt() != null);
    }

    /** Targets chosen already: a re-reconcile must keep them. */
    @JsonIgnore
    public boolean selected() {
        return phase != null;
    }

    public ChaosStatus withPhase(ChaosPhase v) {
        return new ChaosStatus(v, conditions, startTime, endTime, endReason, targets, records, sources);
    }

    public ChaosStatus withStart(Instant v) {
        return new ChaosStatus(phase, conditions, v, endTime, endReason, targets, records, sources);
    }

    public ChaosStatus withEnd(Instant at, String reason) {
        return new ChaosStatus(phase, conditions, startTime, at, reason, targets, records, sources);
    }

    /** The sending-side pods of a NetworkChaos with {@code target.selector}; empty for every other fault. */
    public ChaosStatus withSources(List<ChaosSource> v) {
        return new ChaosStatus(phase, conditions, startTime, endTime, endReason, targets, records, v);
    }

    public ChaosStatus withTargets(List<ChaosTarget> v) {
        return new ChaosStatus(phase, conditions, startTime, endTime, endReason, v, records, sources);
    }

    /** Replaces the condition of the same type. */
    public ChaosStatus withCondition(Condition c) {
        List<Condition> next = new ArrayList<>(conditions.stream().filter(x -> !x.type().equals(c.type())).toList());
        next.add(c);
        return new ChaosStatus(phase, next, startTime, endTime, endReason, targets, records, sources);
    }

    public ChaosStatus record(Instant time, String event, String target, String message) {
        List<ChaosRecord> next = new ArrayList<>(records);
        next.add(new ChaosRecord(time, event, target, message));
        if (next.size() > MAX_RECORDS) next = next.subList(next.size() - MAX_RECORDS, next.size());
        return new ChaosStatus(phase, conditions, startTime, endTime, endReason, targets, next, sources);
    }
}
