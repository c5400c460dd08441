package dev.skiff.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The outcome of scheduling one pod: a node, or why no node would do. */
public sealed interface Placement {

    /**
     * The pod goes on {@code node}.
     *
     * @param scores   the chosen node's weighted score per plugin
     * @param total    their sum
     * @param feasible how many nodes passed the filters
     */
    record Placed(String node, Map<String, Long> scores, long total, int feasible) implements Placement {
        public Placed {
            scores = Map.copyOf(scores);
        }
    }

    /**
     * No node passed the filters.
     *
     * @param totalNodes how many nodes were considered
     * @param reasons    per node, the reasons the first rejecting filter gave
     */
    record Unschedulable(int totalNodes, Map<String, List<String>> reasons) implements Placement {
        public Unschedulable {
            reasons = Map.copyOf(reasons);
        }

        /**
         * Kubernetes' FitError text: identical reasons counted, the "count reason" strings sorted,
         * e.g. {@code 0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu.}
         */
        public String message() {
            if (totalNodes == 0) return "no nodes available to schedule pods";
            Map<String, Integer> histogram = new TreeMap<>();
            reasons.values().forEach(rs -> rs.forEach(r -> histogram.merge(r, 1, Integer::sum)));
            List<String> counted = new ArrayList<>();
            histogram.forEach((reason, n) -> counted.add(n + " " + reason));
            counted.sort(null);
            return "0/" + totalNodes + " nodes are available: " + String.join(", ", counted) + ".";
        }
    }
}
