package dev.skiff.scheduler;

import dev.skiff.api.Pod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Pure placement: {@link #schedule(Pod, ClusterSnapshot)} reads only its arguments, so the same
 * pod and snapshot always give the same answer and a test needs no cluster. Filters remove nodes
 * the pod cannot use; scores rank the rest; among equal best nodes a hash of the pod's name picks
 * one, so a burst of identical pods does not pile onto the alphabetically first node.
 */
public final class Scheduler {

    private final List<FilterPlugin> filters;
    private final List<ScorePlugin> scorers;
    private final Policy policy;

    public Scheduler(List<FilterPlugin> filters, List<ScorePlugin> scorers, Policy policy) {
        this.filters = filters.stream().sorted(Comparator.comparingInt(FilterPlugin::order)).toList();
        this.scorers = List.copyOf(scorers);
        this.policy = policy;
    }

    /** The built-in plugins and any on the class path, found with {@link ServiceLoader}. */
    public static Scheduler withPlugins(Policy policy) {
        return withPlugins(policy, Scheduler.class.getClassLoader());
    }

    public static Scheduler withPlugins(Policy policy, ClassLoader loader) {
        List<FilterPlugin> filters = new ArrayList<>();
        ServiceLoader.load(FilterPlugin.class, loader).forEach(filters::add);
        List<ScorePlugin> scorers = new ArrayList<>();
        ServiceLoader.load(ScorePlugin.class, loader).forEach(scorers::add);
        return new Scheduler(filters, scorers, policy);
    }

    public Policy policy() {
        return policy;
    }

    public List<FilterPlugin> filters() {
        return filters;
    }

    public List<ScorePlugin> scorers() {
        return scorers;
    }

    public List<String> pluginNames() {
        List<String> names = new ArrayList<>();
        filters.forEach(f -> names.add(f.name()));
        scorers.forEach(s -> names.add(s.name()));
        return names;
    }

    public Placement schedule(Pod pod, ClusterSnapshot snapshot) {
        return schedule(PodInfo.of(pod), snapshot);
    }

    public Placement schedule(PodInfo pod, ClusterSnapshot snapshot) {
        List<NodeInfo> feasible = new ArrayList<>();
        Map<String, List<String>> reasons = new LinkedHashMap<>();
        for (NodeInfo node : snapshot.nodes()) {
            List<String> why = firstRejection(pod, node);
            if (why.isEmpty()) feasible.add(node); else reasons.put(node.name(), why);
        }
        if (feasible.isEmpty()) return new Placement.Unschedulable(snapshot.nodes().size(), reasons);
        return best(pod, feasible);
    }

    private List<String> firstRejection(PodInfo pod, NodeInfo node) {
        for (FilterPlugin f : filters) {
            List<String> why = f.filter(pod, node, policy);
            if (!why.isEmpty()) return why;
        }
        return List.of();
    }

    private Placement.Placed best(PodInfo pod, List<NodeInfo> feasible) {
        int n = feasible.size();
        long[] totals = new long[n];
        long[][] perPlugin = new long[scorers.size()][];
        for (int p = 0; p < scorers.size(); p++) {
            ScorePlugin s = scorers.get(p);
            long[] scores = new long[n];
            for (int i = 0; i < n; i++) scores[i] = s.score(pod, feasible.get(i), policy);
            s.normalize(scores);
            for (int i = 0; i < n; i++) {
                scores[i] *= s.weight();
                totals[i] += scores[i];
            }
            perPlugin[p] = scores;
        }
        int chosen = pickAmongBest(pod, totals);
        Map<String, Long> details = new HashMap<>();
        for (int p = 0; p < scorers.size(); p++) details.put(scorers.get(p).name(), perPlugin[p][chosen]);
        return new Placement.Placed(feasible.get(chosen).name(), details, totals[chosen], n);
    }

    /** Deterministic but spread: the pod's name hash chooses among the nodes sharing the top score. */
    private static int pickAmongBest(PodInfo pod, long[] totals) {
        long top = Long.MIN_VALUE;
        for (long t : totals) top = Math.max(top, t);
        List<Integer> best = new ArrayList<>();
        for (int i = 0; i < totals.length; i++) if (totals[i] == top) best.add(i);
        return best.get(Math.floorMod(mix(pod.key().hashCode()), best.size()));
    }

    /** Spreads consecutive names (web-1, web-2) over unrelated buckets. */
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }
}
