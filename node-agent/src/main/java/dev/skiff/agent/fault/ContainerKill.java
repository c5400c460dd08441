package dev.skiff.agent.fault;

import dev.skiff.agent.runtime.ContainerHandle;
import dev.skiff.agent.runtime.RuntimeFailure;
import dev.skiff.chaos.ChaosTarget;
import dev.skiff.chaos.Fault;
import dev.skiff.chaos.PodChaos;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * container-kill: SIGKILL to the container's process group (process runtime) or docker kill; the
 * pod's restart policy then applies, as after any crash. One-shot: nothing to revert.
 */
record ContainerKill(FaultHost host) implements TargetExecutor {

    @Override
    public LedgerEntry apply(Fault fault, ChaosTarget target, LedgerEntry entry, Ledger ledger) {
        List<String> wanted = ((PodChaos) fault).spec().containerNames();
        List<String> killed = new ArrayList<>();
        for (Map.Entry<String, ContainerHandle> c : host.containers(target.namespace(), target.name()).entrySet()) {
            if (wanted != null && !wanted.isEmpty() && !wanted.contains(c.getKey())) continue;
            try {
                host.runtime().stop(c.getValue(), Duration.ZERO);
                killed.add(c.getKey());
            } catch (RuntimeFailure e) {
                // exited or removed meanwhile: nothing left to kill
            }
        }
        return entry.withMessage(killed.isEmpty() ? "no running container to kill" : "killed " + String.join(", ", killed));
    }

    @Override
    public String revert(LedgerEntry entry) {
        return "nothing to revert: the restart policy brings it back";
    }
}
