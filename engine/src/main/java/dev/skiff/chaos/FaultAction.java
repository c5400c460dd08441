package dev.skiff.chaos;

/**
 * One engine-side fault action on one target. {@code inject} and {@code revert} return a short
 * message for the status record; they are idempotent, because a reconcile may repeat after a
 * crash between the action and the status write.
 */
interface FaultAction {

    String inject(ChaosTarget target);

    String revert(ChaosTarget target);

    /** Builds the actions for a fault (the controller's client is only valid within one term). */
    interface Factory {
        FaultAction podKill(PodChaos fault);

        FaultAction nodeDrain(NodeChaos fault);
    }
}
