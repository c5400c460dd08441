package dev.skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Json;
import dev.skiff.scenario.ScenarioRuns;
import dev.skiff.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9's first proof on a local cluster (skiff up: real agents, process runtime, service proxy):
 * a scenario kills 2 of 3 replicas while its probe drives 50 req/s through the service; a deviating
 * scenario aborts and runs its rollbacks; a JS scenario via skiff run; chaos report; halt.
 */
@Timeout(value = 900, unit = TimeUnit.SECONDS)
class ChaosScenarioIT {

    @TempDir Path home;

    LocalSkiff local() {
        return new LocalSkiff(home);
    }

    Map<String, String> env() {
        return local().env();
    }

    Repo.Result skiff(long timeout, String... args) {
        return local().skiff(timeout, args);
    }

    static void ok(Repo.Result r) {
        LocalSkiff.ok(r);
    }

    @Test
    void scenariosOnALocalCluster() throws Exception {
        try {
            local().upWithHello(2);

            killTwoOfThreeHoldsTheHypothesis();
            aDeviatingScenarioAbortsAndRollsBack();
            aJsScenarioRunsThroughSkiffRun();
            haltInterruptsARunningScenario();
        } catch (Throwable failed) {
            local().printAgentLogs();
            throw failed;
        } finally {
            local().down();
        }
    }

    void killTwoOfThreeHoldsTheHypothesis() throws Exception {
        Path journal = home.resolve("kill-two.json");
        Repo.Result run = skiff(300, "chaos", "run", "scripts/examples/chaos-kill-two.yaml", "--journal", journal.toString());
        System.out.println(run.out());
        ok(run);
        assertThat(run.out()).contains("steady state before: hello-answers", "action kill two replicas: pod-kill",
                "status: completed");
        JsonNode j = Json.json().readTree(Files.readString(journal));
        assertThat(j.path("status").asText()).isEqualTo("completed");
        assertThat(j.path("deviated").asBoolean()).isFalse();
        assertThat(j.path("steadyStateAfter").path("met").asBoolean()).isTrue();
        assertThat(j.path("steadyStateAfter").path("probes").get(0).path("value").asDouble()).isGreaterThanOrEqualTo(0.99);
        assertThat(j.path("steadyStateAfter").path("probes").get(1).path("value").asInt()).isEqualTo(3);
        assertThat(j.path("timeline").size()).as("continuous samples during the method").isGreaterThanOrEqualTo(3);
        assertThat(j.path("timeline").get(0).path("details").path("requests").asInt()).isEqualTo(100);
        JsonNode step = j.path("run").get(0);
        assertThat(step.path("status").asText()).isEqualTo("succeeded");
        assertThat(step.path("endRevision").asLong()).isGreaterThan(step.path("startRevision").asLong());
        JsonNode fault = j.path("faults").get(0);
        assertThat(fault.path("targets").size()).isEqualTo(2);
        assertThat(fault.path("phase").asText()).isEqualTo("Finished");
        assertThat(j.path("score").path("value").asDouble()).isGreaterThan(90);

        Path html = home.resolve("report.html");
        Repo.Result report = skiff(60, "chaos", "report", journal.toString(), "--html", html.toString());
        ok(report);
        assertThat(Files.readString(html)).contains("<svg", "<polyline", "class=\"fault\"");
        Repo.Result md = skiff(60, "chaos", "report", journal.toString());
        ok(md);
        assertThat(md.out()).contains("| status | **completed** |", "## Faults", "| hello-answers | 10 |");
    }

    void aDeviatingScenarioAbortsAndRollsBack() throws Exception {
        Path marker = home.resolve("rolled-back");
        Path file = home.resolve("deviates.yaml");
        Files.writeString(file, """
                title: hello never loses a replica (it will)
                steady-state-hypothesis:
                  probes:
                  - type: probe
                    name: three-ready
                    tolerance: 3
                    within: 90s
                    provider: {type: pods, selector: app=hello, ready: true}
                    continuous: {period: 200ms, failAfter: 2}
                method:
                - type: action
                  name: lose a replica for good
                  provider: {type: process, command: "%1$s scale deploy/hello --replicas 2"}
                - type: wait
                  name: long wait
                  duration: 60s
                rollbacks:
                - type: action
                  name: mark
                  provider: {type: process, command: "%1$s scale deploy/hello --replicas 3 && touch %2$s"}
                """.formatted(Repo.root().resolve("skiff"), marker));
        Path journal = home.resolve("deviates.json");
        long t0 = System.nanoTime();
        Repo.Result run = skiff(200, "chaos", "run", file.toString(), "--journal", journal.toString());
        System.out.println(run.out());
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("aborted before the 60 s wait ended").isLessThan(Duration.ofSeconds(55));
        JsonNode j = Json.json().readTree(Files.readString(journal));
        assertThat(j.path("status").asText()).isEqualTo("aborted");
        assertThat(j.path("deviated").asBoolean()).isTrue();
        assertThat(j.path("rollbacks").get(0).path("status").asText()).isEqualTo("succeeded");
        assertThat(marker).exists();
        ok(skiff(200, "rollout", "status", "deploy/hello", "--timeout", "180s"));
    }

    void aJsScenarioRunsThroughSkiffRun() throws Exception {
        Path script = home.resolve("scenario.js");
        Files.writeString(script, """
                import { scenario, podKill, wait, httpProbe, podsProbe, probe } from "skiff/chaos";
                const journal = await scenario({
                  title: "js: hello survives one kill",
                  hypothesis: [
                    httpProbe("answers", "svc/hello/", { rate: 20, duration: "1s", tolerance: [0.9, 1], continuous: true, period: "1s" }),
                    podsProbe("three-ready", "app=hello", { ready: true, tolerance: 3, within: "90s" }),
                    probe("js sees pods", async () => pods({ app: "hello" }).length >= 1),
                  ],
                  method: [podKill({ selector: "app=hello", mode: "one" }), wait("3s")],
                }).run();
                console.log(`js journal: ${journal.status} deviated=${journal.deviated} faults=${journal.faults.length} score=${journal.score.value}`);
                if (journal.status !== "completed") throw new Error("scenario " + journal.status + ": " + journal.reason);
                """);
        Repo.Result run = skiff(300, "run", "--timeout", "280s", script.toString());
        System.out.println(run.out());
        ok(run);
        assertThat(run.out()).contains("scenario: js: hello survives one kill", "js journal: completed deviated=false faults=1");
    }

    void haltInterruptsARunningScenario() throws Exception {
        Path file = home.resolve("long.yaml");
        Files.writeString(file, """
                title: waits a long time
                method:
                - type: wait
                  name: long wait
                  duration: 120s
                rollbacks:
                - type: action
                  name: after halt
                  provider: {type: process, command: "echo rolled back"}
                """);
        Path out = home.resolve("long.out");
        Store connected = local().connect(); // first, before the scenario's JVM starts
        Process p = local().start(out, "chaos", "run", file.toString());
        try (Store store = connected) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (ScenarioRuns.running(store).isEmpty() || !Files.readString(out).contains("wait 2m")) {
                assertThat(System.nanoTime()).as("the scenario started: " + Files.readString(out)).isLessThan(deadline);
                Thread.sleep(100);
            }
            long t0 = System.nanoTime();
            ScenarioRuns.halt(store);
            while (!Files.readString(out).contains("status: interrupted")) {
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).as(Files.readString(out)).isLessThan(Duration.ofSeconds(10));
                Thread.sleep(10);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            System.out.println("halt -> interrupted in " + took.toMillis() + " ms");
            assertThat(took).as("halt stops a running scenario (1 s target, CI bound)").isLessThan(Duration.ofSeconds(3));
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(1);
            assertThat(Files.readString(out)).contains("action after halt: exit 0", "status: interrupted: chaos halt");
        } finally {
            p.destroyForcibly();
        }
    }
}
