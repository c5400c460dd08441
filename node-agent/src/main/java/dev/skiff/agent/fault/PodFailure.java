package dev.skiff.agent.fault;

import dev.skiff.agent.runtime.ContainerHandle;
import dev.skiff.agent.runtime.RuntimeFailure;
import dev.skiff.chaos.ChaosTarget;
import dev.skiff.chaos.Fault;
import java.util.ArrayList;
import java.util.List;

/** pod-failure: every container of the pod frozen (SIGSTOP to its group / docker pause) until the fault ends. */
record PodFailure(FaultHost host) implements TargetExecutor {

    @Override
    public LedgerEntry apply(Fault fault, ChaosTarget target, LedgerEntry entry, Ledger ledger) {
        List<ContainerHandle> handles = List.copyOf(host.containers(target.namespace(), target.name()).values());
        LedgerEntry saved = ledger.save(entry.withContainers(handles)); // before freezing: a crash must still thaw them
        int frozen = 0;
        for (ContainerHandle h : handles) {
            try {
                host.runtime().pause(h);
                frozen++;
            } catch (RuntimeFailure e) {
                // not running: nothing to freeze
            }
        }
        return saved.withMessage(frozen == 0 ? "no running container to freeze" : "froze " + frozen + " container(s)");
    }

    @Override
    public String revert(LedgerEntry entry) {
        List<String> thawed = new ArrayList<>();
        for (ContainerHandle h : entry.containers()) {
            try {
                host.runtime().resume(h);
                thawed.add(h.id());
            } catch (RuntimeFailure e) {
                // gone or restarted meanwhile: nothing frozen is left of it
            }
        }
        return "resumed " + thawed.size() + " container(s)";
    }
}
