package dev.skiff.chaos.monkey;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * One decision of the monkey. Written to status ({@link #DECIDED}) before anything is done, so an
 * engine that takes over after a crash finishes it instead of deciding again; then
 * {@link #KILLED} (the PodChaos {@code fault} was created), {@link #DRY_RUN} or {@link #SKIPPED}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MonkeyAction(Instant time, String workload, String mode, List<String> pods, Boolean dryRun,
                           String fault, String result, String message) {

    public static final String DECIDED = "Decided";
    public static final String KILLED = "Killed";
    public static final String DRY_RUN = "DryRun";
    public static final String SKIPPED = "Skipped";

    public MonkeyAction {
        pods = pods == null ? List.of() : List.copyOf(pods);
    }

    @JsonIgnore
    public boolean pending() {
        return DECIDED.equals(result);
    }

    public MonkeyAction done(String result, String message) {
        return new MonkeyAction(time, workload, mode, pods, dryRun, fault, result, message);
    }
}
