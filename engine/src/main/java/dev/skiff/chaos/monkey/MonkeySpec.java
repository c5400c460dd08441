package dev.skiff.chaos.monkey;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.skiff.api.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * What the monkey does: {@code dryRun} (true unless set to false, as kube-monkey) only records
 * what it would kill; {@code schedule} bounds when; {@code namespaces} where; {@code paused} stops
 * it ({@code chaos monkey stop}, {@code chaos halt}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MonkeySpec(Boolean dryRun, MonkeySchedule schedule, MonkeyNamespaces namespaces, Boolean paused) {

    public static final MonkeySpec DEFAULT = new MonkeySpec(true, MonkeySchedule.DEFAULT, null, false);

    @JsonIgnore
    public boolean dryRunOrDefault() {
        return !Boolean.FALSE.equals(dryRun);
    }

    @JsonIgnore
    public boolean pausedOrDefault() {
        return Boolean.TRUE.equals(paused);
    }

    @JsonIgnore
    public MonkeySchedule scheduleOrDefault() {
        return schedule == null ? MonkeySchedule.DEFAULT : schedule;
    }

    @JsonIgnore
    public MonkeyNamespaces namespacesOrAll() {
        return namespaces == null ? MonkeyNamespaces.ALL : namespaces;
    }

    public MonkeySpec withPaused(boolean v) {
        return new MonkeySpec(dryRun, schedule, namespaces, v);
    }

    List<FieldError> problems(String path) {
        List<FieldError> p = new ArrayList<>();
        if (schedule != null) p.addAll(schedule.problems(path + ".schedule"));
        if (namespaces != null) p.addAll(namespaces.problems(path + ".namespaces"));
        return p;
    }
}
