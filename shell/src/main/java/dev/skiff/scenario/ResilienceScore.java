package dev.skiff.scenario;

import java.util.List;

/**
 * LitmusChaos's resilience score: {@code Σ(weight × probe success %) / Σ weight}. Litmus weighs each
 * experiment (default weight 10) by the share of its probes that passed; a Skiff scenario weighs each
 * hypothesis probe by the share of its evaluations that met the tolerance (before, every continuous
 * sample, after). Probes never evaluated do not count; no probes at all scores 0.
 */
public record ResilienceScore(double value, List<Item> probes) {

    public record Item(String probe, int weight, int passed, int total, double percent) {
        public Item {
            if (total < 0 || passed < 0 || passed > total) throw new IllegalArgumentException("passed must be within 0.." + total);
        }

        public Item(String probe, int weight, int passed, int total) {
            this(probe, weight, passed, total, total == 0 ? 0 : 100.0 * passed / total);
        }
    }

    public static ResilienceScore of(List<Item> items) {
        double weighted = 0;
        long weights = 0;
        for (Item i : items) {
            if (i.total() == 0) continue;
            weighted += i.weight() * i.percent();
            weights += i.weight();
        }
        double v = weights == 0 ? 0 : weighted / weights;
        return new ResilienceScore(Math.round(v * 100) / 100.0, List.copyOf(items));
    }
}
