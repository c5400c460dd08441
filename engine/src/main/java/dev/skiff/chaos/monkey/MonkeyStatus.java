package dev.skiff.chaos.monkey;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the monkey is doing: whether it runs, its last decision, its recent actions (the last
 * {@value #MAX_ACTIONS}) and the next planned kill of each enrolled workload.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MonkeyStatus(Boolean running, String lastDecision, List<MonkeyAction> actions, List<MonkeyPlan> plans) {

    static final int MAX_ACTIONS = 50;
    public static final MonkeyStatus NEW = new MonkeyStatus(null, null, null, null);

    public MonkeyStatus {
        actions = actions == null ? List.of() : List.copyOf(actions);
        plans = plans == null ? List.of() : List.copyOf(plans);
    }

    public Optional<MonkeyPlan> plan(String workload) {
        return plans.stream().filter(p -> p.workload().equals(workload)).findFirst();
    }

    /** The decided but unfinished action of {@code workload} (at most one: one decision per plan). */
    public Optional<MonkeyAction> pending(String workload) {
        return actions.stream().filter(a -> a.pending() && a.workload().equals(workload)).findFirst();
    }

    public MonkeyStatus withRunning(boolean v) {
        return new MonkeyStatus(v, lastDecision, actions, plans);
    }

    public MonkeyStatus withPlan(MonkeyPlan plan) {
        List<MonkeyPlan> next = new ArrayList<>(plans.stream().filter(p -> !p.workload().equals(plan.workload())).toList());
        next.add(plan);
        next.sort(Comparator.comparing(MonkeyPlan::workload));
        return new MonkeyStatus(running, lastDecision, actions, next);
    }

    public MonkeyStatus withoutPlan(String workload) {
        return new MonkeyStatus(running, lastDecision, actions,
                plans.stream().filter(p -> !p.workload().equals(workload)).toList());
    }

    public MonkeyStatus withoutPlans() {
        return new MonkeyStatus(running, lastDecision, actions, null);
    }

    /** Adds a decision (the oldest beyond {@value #MAX_ACTIONS} go) and makes it the last decision. */
    public MonkeyStatus decided(MonkeyAction a, String summary) {
        List<MonkeyAction> next = new ArrayList<>(actions);
        next.add(a);
        if (next.size() > MAX_ACTIONS) next = next.subList(next.size() - MAX_ACTIONS, next.size());
        return new MonkeyStatus(running, summary, next, plans);
    }

    /** Replaces the action for the same fault name (its outcome). */
    public MonkeyStatus finished(MonkeyAction a) {
        List<MonkeyAction> next = actions.stream().map(x -> x.fault().equals(a.fault()) ? a : x).toList();
        return new MonkeyStatus(running, lastDecision, next, plans);
    }
}
