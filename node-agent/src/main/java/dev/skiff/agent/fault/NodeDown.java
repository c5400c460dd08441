package dev.skiff.agent.fault;

import dev.skiff.chaos.ChaosTarget;
import dev.skiff.chaos.Fault;

/** node-down: this agent plays a power cut until the fault ends (see {@link FaultHost#powerOff()}). */
record NodeDown(FaultHost host) implements TargetExecutor {

    @Override
    public LedgerEntry apply(Fault fault, ChaosTarget target, LedgerEntry entry, Ledger ledger) {
        host.powerOff();
        return entry.withMessage("powered off: heartbeat revoked, containers killed");
    }

    @Override
    public String revert(LedgerEntry entry) {
        host.powerOn();
        return "powered on: heartbeat back, pods reconciled";
    }
}
