package dev.skiff.chaos.monkey;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The next kill planned for one workload ({@code deployment/NS/NAME}) and the settings it was
 * drawn under ({@code basis}: schedule and mtbf), so a changed setting draws it again. {@code id}
 * names the fault that carries it out: unique per plan (times are stored to the second, so two
 * plans may share one) and fixed, so the plan can only ever create one fault.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MonkeyPlan(String workload, String id, Instant at, String mode, String mtbf, String basis) {
}
