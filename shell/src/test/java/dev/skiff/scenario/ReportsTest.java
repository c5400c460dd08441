package dev.skiff.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Json;
import dev.skiff.chaos.ChaosTarget;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportsTest {

    static Journal journal() {
        Instant t0 = Instant.parse("2026-01-01T10:00:00Z");
        var before = new Journal.SteadyState(true, List.of(new Journal.ProbeOutcome("web", "http", 1.0, "[0.99, 1]", true,
                null, Map.of("p50Ms", 1.2), t0, t0.plusSeconds(1))));
        var samples = List.of(new Journal.Sample("web", t0.plusSeconds(2), 1.0, true, null),
                new Journal.Sample("web", t0.plusSeconds(3), 0.5, false, null));
        var fault = new Journal.FaultRecord("kill", "PodChaos", "demo", "kill-abc", "pod-kill", "Finished", t0.plusSeconds(2),
                t0.plusSeconds(3), "Completed", List.of(ChaosTarget.pod("demo", "web-1", "n1", "deployment/demo/web")));
        var step = new Journal.StepRun("kill", "action", "succeeded", t0.plusSeconds(2), t0.plusSeconds(2), 10, 12,
                "PodChaos/demo/kill-abc", null, null);
        return new Journal("web <survives>", null, "completed", false, null, t0, t0.plusSeconds(5), 5.0, before, before,
                List.of(step), List.of(), samples, List.of(fault),
                ResilienceScore.of(List.of(new ResilienceScore.Item("web", 10, 3, 4))));
    }

    @Test
    void markdownHasTheVerdictTablesAndScore() {
        String md = Reports.markdown(journal());
        assertThat(md).contains("# web <survives>", "| status | **completed** |", "| resilience score | 75 % |",
                "| web | 1 | [0.99, 1] | yes |", "| kill | action | succeeded |", "10→12", "pod/demo/web-1",
                "| web | 2 | 1 | 0.50 | 1 |");
    }

    @Test
    void htmlIsSelfContainedWithAnSvgTimelineAndShadedFaults() {
        String html = Reports.html(journal());
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg", "<polyline", "class=\"fault\"", "web &lt;survives&gt;")
                .doesNotContain("<script", "src=\"http", "href=\"http");
    }

    @Test
    void aJournalSurvivesJson() {
        Journal j = journal();
        Journal back = Json.fromJson(Json.toJson(j), Journal.class);
        assertThat(Reports.markdown(back)).isEqualTo(Reports.markdown(j));
    }
}
