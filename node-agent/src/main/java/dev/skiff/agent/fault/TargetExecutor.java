package dev.skiff.agent.fault;

import dev.skiff.chaos.ChaosTarget;
import dev.skiff.chaos.Fault;
import dev.skiff.chaos.NetworkChaos;
import dev.skiff.chaos.NodeChaos;
import dev.skiff.chaos.PodChaos;
import dev.skiff.chaos.PodChaosAction;
import dev.skiff.chaos.StressChaos;
import java.time.Clock;

/**
 * Applies one kind of fault to one target of this node and reverts it. {@code apply} gets the
 * entry already in the ledger and saves what its revert will need before it acts; both return the
 * message for the target's status. Reverting something already gone is not an error.
 */
sealed interface TargetExecutor permits ContainerKill, PodFailure, NodeDown, Stress, NetworkMark {

    LedgerEntry apply(Fault fault, ChaosTarget target, LedgerEntry entry, Ledger ledger);

    String revert(LedgerEntry entry);

    /**
     * Called on every pass while the fault is active and applied: keeps it applied to what changed
     * meanwhile (a restarted container). Returns the entry, saved again if it changed.
     */
    default LedgerEntry keep(Fault fault, ChaosTarget target, LedgerEntry entry, Ledger ledger) {
        return entry;
    }

    static TargetExecutor of(String kind, String action, FaultHost host, Clock clock) {
        return switch (kind) {
            case PodChaos.KIND -> PodChaosAction.CONTAINER_KILL.wire().equals(action) ? new ContainerKill(host)
                    : new PodFailure(host);
            case NodeChaos.KIND -> new NodeDown(host);
            case StressChaos.KIND -> new Stress(host, clock);
            case NetworkChaos.KIND -> new NetworkMark();
            default -> throw new IllegalArgumentException("no executor for fault kind " + kind);
        };
    }
}
