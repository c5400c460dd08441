package dev.skiff.agent.fault;

import dev.skiff.agent.runtime.ContainerHandle;
import dev.skiff.agent.runtime.RuntimeFailure;
import dev.skiff.chaos.ChaosTarget;
import dev.skiff.chaos.Fault;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * pod-failure: every container of the pod frozen (SIGSTOP to its group / docker pause) until the
 * fault ends — a container restarted meanwhile (killed, or failing its liveness probe while frozen)
 * is frozen again on the executor's next pass.
 */
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
    public LedgerEntry keep(Fault fault, ChaosTarget target, LedgerEntry entry, Ledger ledger) {
        Set<String> known = entry.containers().stream().map(ContainerHandle::id).collect(Collectors.toSet());
        List<ContainerHandle> fresh = host.containers(target.namespace(), target.name()).values().stream()
                .filter(h -> !known.contains(h.id())).toList();
        if (fresh.isEmpty()) return entry;
        List<ContainerHandle> all = new ArrayList<>(entry.containers());
        all.addAll(fresh);
        LedgerEntry saved = ledger.save(entry.withContainers(all)); // before freezing, as in apply
        for (ContainerHandle h : fresh) {
            try {
                host.runtime().pause(h);
            } catch (RuntimeFailure e) {
                // gone already: nothing to freeze
            }
        }
        return saved;
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
