package dev.skiff.scenario;

import java.util.List;

/** A chaos experiment: steady-state hypothesis, method, rollbacks (Chaos Toolkit's shape). */
public record Scenario(String title, String description, String hypothesisTitle, List<Probe> hypothesis,
                       List<Step> method, List<Step> rollbacks) {

    public Scenario {
        hypothesis = List.copyOf(hypothesis);
        method = List.copyOf(method);
        rollbacks = List.copyOf(rollbacks);
    }
}
