package dev.skiff.agent.fault;

import dev.skiff.chaos.ChaosTarget;
import dev.skiff.chaos.Fault;

/**
 * NetworkChaos on one target pod: the proxies of every node apply the rules (any node may proxy
 * to it); the agent of the pod's node only records that it is in force.
 */
record NetworkMark() implements TargetExecutor {

    @Override
    public LedgerEntry apply(Fault fault, ChaosTarget target, LedgerEntry entry, Ledger ledger) {
        return entry.withMessage("applied by the service proxies");
    }

    @Override
    public String revert(LedgerEntry entry) {
        return "lifted from the service proxies";
    }
}
