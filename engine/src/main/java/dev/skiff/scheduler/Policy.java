package dev.skiff.scheduler;

import dev.skiff.engine.EngineConfig;
import dev.skiff.engine.EngineConfig.Scoring;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's scheduling choices: how to score (spread or bin-pack) and how far requests may
 * over-commit each resource (ratio × allocatable; 1.0 when not set).
 */
public record Policy(Scoring scoring, Map<String, Double> overcommit) {

    public static final Policy DEFAULT = new Policy(Scoring.LEAST_ALLOCATED, Map.of());

    public Policy {
        overcommit = Map.copyOf(overcommit);
        overcommit.forEach((resource, ratio) -> {
            if (!(ratio >= 1.0)) {
                throw new IllegalArgumentException("over-commit ratio for " + resource + " must be at least 1.0, got "
                        + ratio + "; set it to 1.0 (or leave it out) to disable over-commit");
            }
        });
    }

    public static Policy from(EngineConfig config) {
        return new Policy(config.scoring(), config.overcommit());
    }

    public Policy withScoring(Scoring v) {
        return new Policy(v, overcommit);
    }

    public Policy withOvercommit(Map<String, Double> v) {
        return new Policy(scoring, v);
    }

    public double overcommitOf(String resource) {
        return overcommit.getOrDefault(resource, 1.0);
    }

    /** What requests on {@code node} may add up to: allocatable × ratio; empty when not reported. */
    public Optional<Long> capacity(NodeInfo node, String resource) {
        return node.allocatable(resource).map(a -> (long) Math.floor(a * overcommitOf(resource)));
    }
}
