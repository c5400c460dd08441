package dev.skiff.scenario;

import java.time.Duration;

/**
 * A named check: a provider and the tolerance its value must meet. {@code within}: retried until
 * it holds or this much time passed (e.g. "the replicas are back"). {@code continuous}: sampled
 * during the method too. {@code weight}: its share of the resilience score.
 */
public record Probe(String name, Provider provider, Tolerance tolerance, Duration within, Continuous continuous, int weight) {

    /** LitmusChaos's default weight of an experiment in a workflow's score. */
    public static final int DEFAULT_WEIGHT = 10;

    /** Sampled every {@code period} while the method runs; {@code failAfter} failures in a row abort it. */
    public record Continuous(Duration period, int failAfter) {
    }
}
