package dev.skiff.agent.fault;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.skiff.agent.runtime.ContainerHandle;
import dev.skiff.chaos.ChaosTarget;
import dev.skiff.chaos.Fault;
import java.time.Instant;
import java.util.List;

/**
 * One fault applied to one target on this node, as the ledger keeps it: enough to revert it
 * without the store (the containers it froze, the stress child it started) and to know which
 * fault object it belongs to. Written before the fault is applied.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record LedgerEntry(String faultUid, String kind, String namespace, String name, String action, String target,
                          Instant appliedAt, String message, List<ContainerHandle> containers, Long pid,
                          Instant pidStartedAt) {

    public LedgerEntry {
        containers = containers == null ? List.of() : List.copyOf(containers);
    }

    static LedgerEntry of(Fault fault, ChaosTarget target, Instant now) {
        return new LedgerEntry(fault.metadata().uid(), fault.kind(), fault.namespace(), fault.name(),
                fault.spec().actionName(), target.ref(), now, null, null, null, null);
    }

    /** The file name: one per fault and target. */
    @JsonIgnore
    String key() {
        return keyOf(faultUid, target);
    }

    static String keyOf(String faultUid, String targetRef) {
        return faultUid + "_" + targetRef.replaceAll("[^A-Za-z0-9.-]", "_");
    }

    LedgerEntry withMessage(String v) {
        return new LedgerEntry(faultUid, kind, namespace, name, action, target, appliedAt, v, containers, pid, pidStartedAt);
    }

    LedgerEntry withContainers(List<ContainerHandle> v) {
        return new LedgerEntry(faultUid, kind, namespace, name, action, target, appliedAt, message, v, pid, pidStartedAt);
    }

    LedgerEntry withProcess(long p, Instant startedAt) {
        return new LedgerEntry(faultUid, kind, namespace, name, action, target, appliedAt, message, containers, p, startedAt);
    }

    /** {@code kind ns/name} of the fault, for logs and events. */
    String fault() {
        return kind + " " + namespace + "/" + name;
    }
}
