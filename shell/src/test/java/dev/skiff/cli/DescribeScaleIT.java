package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.ConfigMap;
import dev.skiff.api.Deployment;
import dev.skiff.api.Event;
import dev.skiff.api.Json;
import dev.skiff.api.ObjectMeta;
import dev.skiff.client.Client;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** describe (fields as kubectl titles them, ending with the object's Events) and scale. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DescribeScaleIT {
    private static CliCluster cluster;
    private Client client;
    private String ns;

    @BeforeAll
    static void etcd() {
        cluster = new CliCluster();
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    @BeforeEach
    void namespace() {
        client = cluster.client;
        ns = cluster.namespace("describe");
    }

    /** In this test's namespace. */
    private CliRun run(String... args) {
        List<String> line = new ArrayList<>(List.of(args));
        line.addAll(List.of("-n", ns));
        return cluster.run(line.toArray(String[]::new));
    }

    private ConfigMap configMap(String name, Map<String, String> labels) {
        return client.create(new ConfigMap(null, null, ObjectMeta.named(ns, name).withLabels(labels),
                Map.of("greeting", "hello", "app.properties", "x=1"), null, null));
    }

    private void event(ConfigMap about, String reason, String message, Instant at, int count) {
        client.create(Json.fromYaml("""
                apiVersion: v1
                kind: Event
                metadata: {name: %s.%s, namespace: %s}
                involvedObject: {kind: ConfigMap, name: %s, namespace: %s, uid: %s}
                reason: %s
                message: "%s"
                source: {component: tester}
                firstTimestamp: "%s"
                lastTimestamp: "%s"
                count: %d
                type: Normal
                """.formatted(about.name(), reason.toLowerCase(), ns, about.name(), ns, about.metadata().uid(),
                reason, message, at.minusSeconds(600), at, count), Event.class));
    }

    @Test
    void describeShowsTheFieldsAndEndsWithTheObjectsEventsOldestFirst() {
        ConfigMap cm = configMap("settings", Map.of("app", "web"));
        ConfigMap other = configMap("other", Map.of("app", "db"));
        Instant now = Instant.now();
        event(cm, "Updated", "second change", now.minusSeconds(5), 3);
        event(cm, "Created", "first seen", now.minusSeconds(120), 1);
        event(other, "Elsewhere", "not about settings", now, 1);

        CliRun r = run("describe", "cm", "settings");
        assertThat(r.exitCode()).as(r.err()).isZero();
        String out = r.out();
        assertThat(out).startsWith("Name:         settings\nNamespace:    " + ns + "\nLabels:       app=web\n"
                + "Annotations:  <none>\nAPI Version:  v1\nKind:         ConfigMap\n");
        assertThat(out).contains("Metadata:\n  UID:", "  Resource Version:", "  Creation Timestamp:",
                "Data:\n  app.properties:  x=1\n  Greeting:   hello\n");
        String events = out.substring(out.indexOf("Events:"));
        assertThat(events.lines().toList()).hasSize(5);
        assertThat(events.lines().skip(1).findFirst().orElseThrow()).matches("  Type +Reason +Age +From +Message");
        assertThat(events).containsSubsequence("Created", "first seen", "Updated", "(x3 over 10m)", "tester", "second change")
                .doesNotContain("Elsewhere");
        assertThat(out).endsWith("second change\n");
    }

    @Test
    void describeListsByKindOrSelectorAndSaysWhatIsMissing() {
        configMap("a", Map.of("app", "web"));
        configMap("b", Map.of("app", "db"));
        assertThat(run("describe", "configmaps").out()).contains("Name:         a\n", "\n\n\nName:         b\n")
                .contains("Events:  <none>\n");
        assertThat(run("describe", "cm", "-l", "app=db").out()).startsWith("Name:         b\n").doesNotContain("Name:         a");
        CliRun missing = run("describe", "cm/a", "cm/nope");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("configmaps \"nope\" not found");
        assertThat(missing.out()).isEmpty();
        CliRun none = run("describe", "deployments");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).contains("No resources found in " + ns + " namespace.");
    }

    @Test
    void scaleSetsReplicasAndAnUnscalableOrMissingTargetScalesNone() {
        for (String name : List.of("web", "api")) {
            client.create(Json.fromYaml("""
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: %s, namespace: %s}
                    spec:
                      replicas: 1
                      selector: {matchLabels: {app: %s}}
                      template:
                        metadata: {labels: {app: %s}}
                        spec: {containers: [{name: main, image: busybox:1}]}
                    """.formatted(name, ns, name, name), Deployment.class));
        }
        configMap("cm", Map.of());
        assertThat(run("scale", "deploy", "web", "api", "--replicas", "3").out())
                .isEqualTo("deployment.apps/web scaled\ndeployment.apps/api scaled\n");
        assertThat(replicas("web")).isEqualTo(3);

        CliRun kind = run("scale", "deploy/web", "cm/cm", "--replicas", "5");
        assertThat(kind.exitCode()).isEqualTo(1);
        assertThat(kind.err()).contains("configmaps cannot be scaled: scale deployments or replicasets");
        CliRun missing = run("scale", "deploy", "web", "gone", "--replicas", "5");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("deployments.apps \"gone\" not found");
        assertThat(replicas("web")).isEqualTo(3);

        CliRun negative = run("scale", "deploy", "web", "--replicas", "-1");
        assertThat(negative.err()).contains("--replicas must be 0 or more, not -1");
        assertThat(run("scale", "deploy", "web", "--replicas", "0").exitCode()).isZero();
        assertThat(replicas("web")).isZero();
    }

    private int replicas(String deployment) {
        return client.require(Deployment.class, ns, deployment).spec().replicas();
    }
}
