package dev.skiff.chaos;

import dev.skiff.api.Node;
import dev.skiff.client.Client;
import dev.skiff.controller.Result;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The engine's half of ending an agent-executed fault: record the end (so every agent sees it,
 * whatever its clock says), then wait until each injected target's agent confirms the revert —
 * unless its node is NotReady or gone (its agent reverts from its ledger when it comes back) or
 * {@link #GRACE} has passed — and only then finish and release the finalizer.
 */
final class AgentEnd {

    /** How long the engine waits for an agent to confirm a revert before it stops waiting. */
    static final Duration GRACE = Duration.ofSeconds(10);
    static final String UNCONFIRMED = "agent did not confirm";

    private AgentEnd() {
    }

    static <F extends Fault> Result settle(FaultReconciler<F> r, Client client, F fault, Execution.Agent agent,
                                           FaultLifetime.EndReason reason, Instant now) {
        ChaosStatus s = fault.statusOrNew();
        if (s.endTime() == null) {
            s = s.withEnd(now, reason.wire).record(now, "Ending", null, reason.wire);
            return r.writeEnd(client, fault, s, reason, now, Optional.of(GRACE));
        }
        Instant deadline = s.endTime().plus(GRACE);
        List<ChaosTarget> next = new ArrayList<>();
        boolean pending = false;
        for (ChaosTarget t : s.targets()) {
            Optional<String> why = t.recoveredAt() != null ? Optional.empty() : excuse(r, t, agent, now, deadline);
            if (t.recoveredAt() == null && why.isEmpty()) pending = true;
            if (why.isPresent()) {
                next.add(t.recovered(now, why.get()));
                s = s.record(now, "Recovered", t.ref(), why.get());
            } else {
                next.add(t);
            }
        }
        s = s.withTargets(next);
        Optional<Duration> wait = pending ? Optional.of(max(Duration.between(now, deadline), Duration.ofMillis(50)))
                : Optional.empty();
        return r.writeEnd(client, fault, s, reason, now, wait);
    }

    /** Why the engine may stop waiting for this target's agent, if it may. */
    private static Optional<String> excuse(FaultReconciler<?> r, ChaosTarget t, Execution.Agent agent, Instant now,
                                           Instant deadline) {
        if (t.injectedAt() == null) return Optional.of("never injected");
        if (!agent.agentDownWhileActive() && t.node() != null) {
            Optional<Node> node = r.context().informers().of(Node.class).get(null, t.node());
            if (node.isEmpty()) return Optional.of("node " + t.node() + " is gone");
            if (!node.get().ready()) {
                return Optional.of("node " + t.node() + " is NotReady: its agent reverts from its ledger when it is back");
            }
        }
        if (!now.isBefore(deadline)) return Optional.of(UNCONFIRMED);
        return Optional.empty();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
