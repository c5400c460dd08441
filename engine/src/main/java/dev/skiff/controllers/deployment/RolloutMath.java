package dev.skiff.controllers.deployment;

import dev.skiff.api.DeploymentSpec;
import dev.skiff.api.DeploymentStrategy;
import dev.skiff.api.DeploymentStrategyType;
import dev.skiff.api.IntOrString;
import dev.skiff.api.RollingUpdateDeployment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The rolling-update arithmetic as pure functions (after Kubernetes' deployment util), so the
 * bounds can be checked by properties over any interleaving of pods becoming ready.
 *
 * <p>Two deliberate tightenings of Kubernetes' formulas, both so the bounds hold even when caches
 * lag: an old ReplicaSet counts as {@code max(spec, pods still alive)} towards the surge (its excess
 * pods may not be deleted yet), and as {@code min(available, spec)} towards availability (pods
 * above its spec are about to go).
 */
public final class RolloutMath {

    private RolloutMath() {
    }

    /** maxSurge (rounded up) and maxUnavailable (rounded down) resolved against the replica count. */
    public record Bounds(int maxSurge, int maxUnavailable) {
    }

    /** One ReplicaSet as the rollout sees it: desired size, live pods, available pods. */
    public record Set(int spec, int pods, int available) {
        public Set {
            if (spec < 0 || pods < 0 || available < 0 || available > pods) {
                throw new IllegalArgumentException("impossible ReplicaSet state " + spec + "/" + pods + "/" + available);
            }
        }

        int surgeWeight() {
            return Math.max(spec, pods);
        }

        int countedAvailable() {
            return Math.min(available, spec);
        }

        Set withSpec(int v) {
            return new Set(v, pods, available);
        }
    }

    public static Bounds bounds(DeploymentSpec spec) {
        int replicas = spec.replicas() == null ? 1 : spec.replicas();
        DeploymentStrategy s = spec.strategy();
        if (s != null && s.type() == DeploymentStrategyType.RECREATE) return new Bounds(0, 0);
        RollingUpdateDeployment ru = s == null ? null : s.rollingUpdate();
        IntOrString surge = ru == null || ru.maxSurge() == null ? IntOrString.of("25%") : ru.maxSurge();
        IntOrString unavailable = ru == null || ru.maxUnavailable() == null ? IntOrString.of("25%") : ru.maxUnavailable();
        return bounds(replicas, surge, unavailable);
    }

    public static Bounds bounds(int replicas, IntOrString surge, IntOrString unavailable) {
        int s = surge.scaledValue(replicas, true);
        int u = unavailable.scaledValue(replicas, false);
        // both zero would deadlock: Kubernetes allows one unavailable pod then
        if (s == 0 && u == 0) u = 1;
        return new Bounds(s, Math.min(u, replicas));
    }

    /** The new ReplicaSet's next size: up towards {@code replicas} without exceeding replicas + maxSurge. */
    public static int newReplicaSetSize(int replicas, Bounds bounds, Set newSet, List<Set> oldSets) {
        if (newSet.spec() > replicas) return replicas;
        int current = newSet.surgeWeight();
        for (Set s : oldSets) current += s.surgeWeight();
        int maxTotal = replicas + bounds.maxSurge();
        if (current >= maxTotal) return newSet.spec();
        int scaleUp = Math.min(maxTotal - current, replicas - newSet.spec());
        return newSet.spec() + Math.max(0, scaleUp);
    }

    /**
     * The old ReplicaSets' next sizes (same order as given, oldest first): first drop their pods
     * that are not available anyway, then as many available ones as keeps replicas − maxUnavailable
     * available across the Deployment.
     */
    public static List<Integer> oldReplicaSetSizes(int replicas, Bounds bounds, Set newSet, List<Set> oldSets) {
        List<Set> sets = new ArrayList<>(oldSets);
        int minAvailable = replicas - bounds.maxUnavailable();
        int newUnavailable = Math.max(0, newSet.spec() - newSet.available());
        int allPods = newSet.pods();
        for (Set s : sets) allPods += s.pods();
        int maxScaledDown = allPods - minAvailable - newUnavailable;
        if (maxScaledDown > 0) {
            int cleaned = 0;
            for (int i = 0; i < sets.size() && cleaned < maxScaledDown; i++) {
                Set s = sets.get(i);
                int unhealthy = s.spec() - Math.min(s.available(), s.spec());
                if (unhealthy <= 0) continue;
                int down = Math.min(maxScaledDown - cleaned, unhealthy);
                sets.set(i, s.withSpec(s.spec() - down));
                cleaned += down;
            }
            int available = newSet.countedAvailable();
            for (Set s : sets) available += s.countedAvailable();
            int budget = available - minAvailable;
            for (int i = 0; i < sets.size() && budget > 0; i++) {
                Set s = sets.get(i);
                int down = Math.min(s.spec(), budget);
                sets.set(i, s.withSpec(s.spec() - down));
                budget -= down;
            }
        }
        return sets.stream().map(Set::spec).toList();
    }

    /**
     * Spreads {@code delta} replicas over ReplicaSets in proportion to their sizes (a scale during a
     * rollout, as Kubernetes does); rounding leftovers go to the largest first. Sizes stay ≥ 0.
     */
    public static List<Integer> proportional(List<Integer> sizes, int delta) {
        int total = sizes.stream().mapToInt(Integer::intValue).sum();
        List<Integer> out = new ArrayList<>(sizes);
        if (delta == 0 || sizes.isEmpty()) return out;
        int given = 0;
        if (total > 0) {
            for (int i = 0; i < out.size(); i++) {
                int share = (int) ((long) sizes.get(i) * delta / total);
                share = Math.max(share, -out.get(i));
                out.set(i, out.get(i) + share);
                given += share;
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) order.add(i);
        order.sort(Comparator.comparing((Integer i) -> sizes.get(i)).reversed());
        int left = delta - given;
        while (left != 0) {
            boolean moved = false;
            for (int i : order) {
                if (left == 0) break;
                if (left > 0) {
                    out.set(i, out.get(i) + 1);
                    left--;
                    moved = true;
                } else if (out.get(i) > 0) {
                    out.set(i, out.get(i) - 1);
                    left++;
                    moved = true;
                }
            }
            if (!moved) break; // nothing left to take away
        }
        return out;
    }
}
