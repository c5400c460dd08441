package dev.skiff.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.api.ManifestError;
import dev.skiff.api.ManifestException;
import dev.skiff.chaos.ChaosMode;
import dev.skiff.chaos.PodChaos;
import dev.skiff.chaos.PodChaosAction;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioParserTest {

    static final String GOOD = """
            title: web survives losing two of three replicas
            description: kill 2 of 3 while 50 req/s go through the service
            steady-state-hypothesis:
              title: web answers
              probes:
              - type: probe
                name: web-answers
                tolerance: [0.99, 1.0]
                provider: {type: http, url: svc/web/, rate: 50, duration: 1s}
                continuous: {period: 1s, failAfter: 3}
              - type: probe
                name: replicas-ready
                tolerance: 3
                within: 60s
                provider: {type: pods, selector: app=web, ready: true}
            method:
            - type: action
              name: kill two
              provider:
                type: pod-kill
                mode: fixed
                value: "2"
                gracePeriod: 0
                selector: {labelSelectors: {app: web}}
              pauses: {after: 5}
            - type: wait
              name: settle
              duration: 2s
            rollbacks:
            - type: action
              name: say done
              provider: {type: process, command: "echo done"}
            """;

    @Test
    void readsChaosToolkitsShapeWithSkiffsProviders() {
        Scenario s = ScenarioParser.parse(GOOD, "web.yaml", "demo", null);
        assertThat(s.title()).isEqualTo("web survives losing two of three replicas");
        assertThat(s.hypothesis()).hasSize(2);
        Probe http = s.hypothesis().getFirst();
        assertThat(http.provider()).isEqualTo(new Provider.Http("svc/web/", "demo", 50.0, Duration.ofSeconds(1),
                Duration.ofSeconds(2), null));
        assertThat(http.tolerance()).isEqualTo(new Tolerance.Range(0.99, 1.0));
        assertThat(http.continuous()).isEqualTo(new Probe.Continuous(Duration.ofSeconds(1), 3));
        assertThat(s.hypothesis().get(1).within()).isEqualTo(Duration.ofSeconds(60));

        Step.FaultAction kill = (Step.FaultAction) s.method().getFirst();
        PodChaos pc = (PodChaos) kill.fault();
        assertThat(pc.namespace()).isEqualTo("demo");
        assertThat(pc.spec().action()).isEqualTo(PodChaosAction.POD_KILL);
        assertThat(pc.spec().mode()).isEqualTo(ChaosMode.FIXED);
        assertThat(pc.spec().value()).isEqualTo("2");
        assertThat(pc.spec().selector().labelSelectors()).containsEntry("app", "web");
        assertThat(kill.pauses().after()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.method().get(1)).isEqualTo(new Step.Wait("settle", Duration.ofSeconds(2), Step.Pauses.NONE));
        assertThat(((Step.Activity) s.rollbacks().getFirst()).provider())
                .isEqualTo(new Provider.Process(List.of("sh", "-c", "echo done"), Duration.ofSeconds(30)));
    }

    @Test
    void jsonWorksToo() {
        Scenario s = ScenarioParser.parse("""
                {"title": "t", "method": [{"type": "action", "name": "drain", "provider":
                  {"type": "node-drain", "selector": {"nodes": ["n1"]}, "duration": "30s"}}]}
                """, "t.json", "default", null);
        assertThat(((Step.FaultAction) s.method().getFirst()).fault().spec().actionName()).isEqualTo("node-drain");
    }

    @Test
    void everyProblemIsReportedWithFileLineAndPath() {
        String bad = """
                title: broken
                steady-state-hypothesis:
                  probes:
                  - type: probe
                    name: p
                    tolerance: [1.0]
                    provider: {type: htp, url: svc/web/}
                method:
                - type: action
                  name: kill
                  provider:
                    type: pod-kill
                    mode: sometimes
                - type: action
                  name: fast
                  provider: {type: pod-kill, mode: fixed, value: "0"}
                - type: wait
                  name: w
                  duration: soon
                - type: action
                  name: js
                  provider: {type: js}
                """;
        assertThatThrownBy(() -> ScenarioParser.parse(bad, "bad.yaml", "default", null))
                .isInstanceOfSatisfying(ManifestException.class, e -> {
                    List<String> lines = e.errors().stream().map(ManifestError::toString).toList();
                    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("bad.yaml:6:")
                            .contains("steady-state-hypothesis.probes[0].tolerance: a range is two numbers"));
                    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("bad.yaml:7:")
                            .contains("steady-state-hypothesis.probes[0].provider.type: \"htp\" is not a provider"));
                    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("bad.yaml:13:")
                            .contains("method[0].provider.mode").contains("sometimes"));
                    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("bad.yaml:16:")
                            .contains("method[1].provider.value"));
                    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("bad.yaml:19:")
                            .contains("method[2].duration: \"soon\" is not a duration"));
                    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("bad.yaml:22:")
                            .contains("js providers exist only in JS scenarios"));
                });
    }

    @Test
    void aMissingMethodAndUnknownFieldsAreNamed() {
        assertThatThrownBy(() -> ScenarioParser.parse("title: t\nmethods: []\n", "m.yaml", "default", null))
                .isInstanceOfSatisfying(ManifestException.class, e -> assertThat(e.errors().stream().map(ManifestError::toString))
                        .anySatisfy(l -> assertThat(l).startsWith("m.yaml:2:").contains("methods: unknown field"))
                        .anySatisfy(l -> assertThat(l).contains("method: required")));
    }
}
