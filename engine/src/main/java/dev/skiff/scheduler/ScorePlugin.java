package dev.skiff.scheduler;

/**
 * Ranks the nodes that passed every filter. Loaded with {@link java.util.ServiceLoader} from
 * {@code META-INF/services/dev.skiff.scheduler.ScorePlugin}. Each plugin's raw scores are
 * normalised to 0-100 across the feasible nodes, multiplied by its weight and summed.
 */
public interface ScorePlugin {

    /** kube-scheduler's range: every normalised score lies in [0, MAX_SCORE]. */
    long MAX_SCORE = 100;

    String name();

    default int weight() {
        return 1;
    }

    long score(PodInfo pod, NodeInfo node, Policy policy);

    /** Rescales raw scores to [0, MAX_SCORE] in place; the default keeps scores already in range. */
    default void normalize(long[] scores) {
    }

    /** Scales so the best node gets MAX_SCORE (and all-zero stays zero); {@code reverse} makes lower better. */
    static void normalizeToMax(long[] scores, boolean reverse) {
        long max = 0;
        for (long s : scores) max = Math.max(max, s);
        for (int i = 0; i < scores.length; i++) {
            if (max == 0) {
                scores[i] = reverse ? MAX_SCORE : 0;
            } else {
                long scaled = scores[i] * MAX_SCORE / max;
                scores[i] = reverse ? MAX_SCORE - scaled : scaled;
            }
        }
    }
}
