package dev.skiff.chaos;

import dev.skiff.api.Pod;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The blast-radius rule: a fault may take down at most all but one live replica of any one
 * workload (pods sharing an owning ReplicaSet or Deployment) unless it is forced. Bare pods
 * belong to no workload and are not limited. Pure, so the CLI's preview and the controller agree.
 */
public final class BlastRadius {

    private BlastRadius() {
    }

    /** What a workload would lose: {@code hit} of its {@code live} pods. */
    public record Loss(String workload, int hit, int live) {
        public boolean total() {
            return hit >= live;
        }
    }

    /** The workload losses {@code hit} would cause, given every pod ({@code all}) as the caches see it. */
    public static List<Loss> losses(Collection<Pod> hit, Collection<Pod> all, Function<Pod, Optional<String>> workload) {
        Map<String, Integer> hits = new LinkedHashMap<>();
        for (Pod p : hit) workload.apply(p).ifPresent(w -> hits.merge(w, 1, Integer::sum));
        Map<String, Integer> live = new LinkedHashMap<>();
        for (Pod p : all) {
            if (!Targets.live(p)) continue;
            workload.apply(p).filter(hits::containsKey).ifPresent(w -> live.merge(w, 1, Integer::sum));
        }
        return hits.entrySet().stream()
                .map(e -> new Loss(e.getKey(), e.getValue(), Math.max(e.getValue(), live.getOrDefault(e.getKey(), 0))))
                .toList();
    }

    /** Why {@code hit} is refused without force; empty when it is within the limit. */
    public static Optional<String> violation(Collection<Pod> hit, Collection<Pod> all, Function<Pod, Optional<String>> workload) {
        return losses(hit, all, workload).stream().filter(Loss::total).findFirst().map(l ->
                "blast radius: this would take down " + l.hit() + " of " + l.live() + " replicas of " + l.workload()
                        + "; at most " + (l.live() - 1) + " (all but one) may be hit: choose fewer (--mode fixed --value "
                        + Math.max(1, l.live() - 1) + ") or pass --force (spec.force: true)");
    }
}
