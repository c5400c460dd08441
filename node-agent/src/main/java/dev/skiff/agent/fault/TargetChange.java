package dev.skiff.agent.fault;

import dev.skiff.chaos.ChaosStatus;
import dev.skiff.chaos.ChaosTarget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What this agent reports about one target of a fault. Applied to the freshest status (a CAS
 * loop, other agents write other targets): an injection never overwrites a recovered target, a
 * recovery never overwrites an earlier one.
 */
record TargetChange(String ref, boolean injected, Instant at, String message) {

    static ChaosStatus applyAll(ChaosStatus s, List<TargetChange> changes) {
        List<ChaosTarget> next = new ArrayList<>(s.targets());
        for (TargetChange c : changes) {
            for (int i = 0; i < next.size(); i++) {
                ChaosTarget t = next.get(i);
                if (!t.ref().equals(c.ref()) || t.recoveredAt() != null) continue;
                if (c.injected() && t.injectedAt() != null) continue;
                next.set(i, c.injected() ? t.injected(c.at(), c.message()) : t.recovered(c.at(), c.message()));
                s = s.record(c.at(), c.injected() ? "Injected" : "Recovered", c.ref(), c.message());
            }
        }
        return s.withTargets(next);
    }
}
