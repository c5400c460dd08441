package dev.skiff.chaos.monkey;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The next kill planned for one workload ({@code deployment/NS/NAME}) and the settings it was
 * drawn under ({@code basis}: schedule and mtbf), so a changed setting draws it again.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MonkeyPlan(String workload, Instant at, String mode, String mtbf, String basis) {
}
