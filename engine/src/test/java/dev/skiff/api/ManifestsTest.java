package dev.skiff.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ManifestsTest {

    private static String resource(String name) {
        try (InputStream in = ManifestsTest.class.getResourceAsStream("/manifests/" + name)) {
            if (in == null) throw new IllegalStateException("missing test resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> errors(String name) {
        try {
            Manifests.parse(resource(name), name);
        } catch (ManifestException e) {
            return e.errors().stream().map(ManifestError::toString).toList();
        }
        throw new AssertionError(name + " parsed without errors");
    }

    @Test
    void parsesAValidDeploymentAndServiceAndAppliesDefaults() {
        List<Manifest> manifests = Manifests.parse(resource("web.yaml"), "web.yaml");
        assertThat(manifests).extracting(m -> m.location().toString()).containsExactly("web.yaml:2:1", "web.yaml:33:1");
        Deployment d = (Deployment) manifests.get(0).resource();
        assertThat(d.metadata().namespace()).as("left to -n or the write path").isNull();
        assertThat(d.spec().replicas()).isEqualTo(3);
        assertThat(d.spec().strategy().rollingUpdate().maxSurge()).isEqualTo(IntOrString.of("25%"));
        Container c = d.spec().template().spec().containers().getFirst();
        assertThat(c.resources().limits().get("cpu")).hasToString("500m");
        Service s = (Service) manifests.get(1).resource();
        assertThat(s.spec().ports().getFirst().targetPort()).isEqualTo(IntOrString.of("http"));
    }

    // The model's fullest examples: the structural walk and Jackson must accept every field of every kind.
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"deployment-full.yaml", "pod-full.yaml", "others-full.yaml"})
    void acceptsTheModelsFullExamples(String name) throws IOException {
        try (InputStream in = ManifestsTest.class.getResourceAsStream("/dev/skiff/api/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(Manifests.parse(text, name)).isNotEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown-field.yaml|unknown-field.yaml:8:7 spec.containers[0].imagee: unknown field \"imagee\" (did you mean \"image\"?)",
            "wrong-type.yaml|wrong-type.yaml:6:3 spec.replicas: expected a number, got \"three\"",
            "missing-required.yaml|missing-required.yaml:7:7 spec.containers[0].name: required: every container needs a name",
            "bad-name.yaml|bad-name.yaml:4:3 metadata.name: \"Web_Server\" is not a valid name: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters",
            "bad-quantity.yaml|bad-quantity.yaml:11:11 spec.containers[0].resources.limits[cpu]: \"abc\" is not a quantity (examples: 250m, 0.5, 2, 128Mi, 1G)",
            "selector-mismatch.yaml|selector-mismatch.yaml:7:3 spec.selector: selector app=web does not match template labels {app=api}: make spec.template.metadata.labels include the selector's labels",
            "negative-replicas.yaml|negative-replicas.yaml:6:3 spec.replicas: -1 is invalid: must be 0 or more",
            "duplicate-container.yaml|duplicate-container.yaml:9:7 spec.containers[1].name: duplicate container name \"web\": container names must be unique within a pod",
            "duplicate-port.yaml|duplicate-port.yaml:11:11 spec.containers[0].ports[1].containerPort: duplicate port 8080/TCP (also at spec.containers[0].ports[0]): containers of a pod share the node's network"})
    void eachErrorClassNamesFileLineColumnAndPath(String file, String expected) {
        assertThat(errors(file)).containsExactly(expected);
    }

    @Test
    void reportsEveryErrorOfEveryDocumentAtOnce() {
        assertThat(errors("many-errors.yaml")).containsExactly(
                "many-errors.yaml:8:7 spec.containers[0].imagee: unknown field \"imagee\" (did you mean \"image\"?)",
                "many-errors.yaml:11:1 kind: unknown kind \"Deploymnet\" (did you mean \"Deployment\"?)",
                "many-errors.yaml:15:1 apiVersion: missing required field \"apiVersion\"",
                "many-errors.yaml:25:3 metadata.name: \"Bad_Name\" is not a valid name: lowercase letters, digits,"
                        + " '-' and '.', starting and ending with a letter or digit, at most 253 characters");
        assertThatThrownBy(() -> Manifests.parse(resource("many-errors.yaml"), "many-errors.yaml"))
                .hasMessageStartingWith("many-errors.yaml:8:7 spec.containers[0].imagee")
                .hasMessageContaining("\nmany-errors.yaml:11:1 kind: unknown kind");
    }

    @Test
    void structuralAndSemanticErrorsOfOneDocumentComeTogether() {
        String yaml = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: both
                spec:
                  replicas: -1
                  selector:
                    matchLabels: {app: both}
                  template:
                    metadata:
                      labels: {app: both}
                    spec:
                      containers:
                      - name: main
                        image: nginx
                        resources:
                          limits: {cpu: abc}
                """;
        assertThatThrownBy(() -> Manifests.parse(yaml, "both.yaml"))
                .isInstanceOfSatisfying(ManifestException.class, e -> assertThat(e.errors())
                        .extracting(ManifestError::path)
                        .containsExactlyInAnyOrder("spec.template.spec.containers[0].resources.limits[cpu]",
                                "spec.replicas"));
    }

    @Test
    void readsJsonManifests() {
        String json = """
                {"apiVersion": "v1", "kind": "Pod",
                 "metadata": {"name": "web"},
                 "spec": {"containers": [{"name": "web", "image": "busybox:1",
                          "resources": {"limits": {"memory": "lots"}}}]}}
                """;
        assertThatThrownBy(() -> Manifests.parse(json, "pod.json"))
                .hasMessage("pod.json:4:36 spec.containers[0].resources.limits[memory]: \"lots\" is not a quantity"
                        + " (examples: 250m, 0.5, 2, 128Mi, 1G)");
    }

    @Test
    void syntaxErrorsAndNonObjectsAreReported() {
        assertThatThrownBy(() -> Manifests.parse("apiVersion: v1\nkind: Pod\n  name: x\n", "s.yaml"))
                .hasMessageStartingWith("s.yaml:3:")
                .hasMessageContaining("invalid syntax");
        assertThatThrownBy(() -> Manifests.parse("- a\n- b\n", "list.yaml"))
                .hasMessage("list.yaml:1:1: expected a Kubernetes object (apiVersion, kind, metadata, ...), got a list");
        assertThatThrownBy(() -> Manifests.parse("apiVersion: v1\nkind: Gadget\nmetadata: {name: g}\n", "g.yaml"))
                .hasMessageStartingWith("g.yaml:2:1 kind: unknown kind \"Gadget\" (supported: Deployment, ReplicaSet, Pod");
        assertThat(Manifests.parse("# nothing here\n", "empty.yaml")).isEmpty();
    }

    @Test
    void parseFilesReadsDirectoriesSortedAndCollectsAcrossFiles(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("b.yaml"), resource("web.yaml"));
        Files.writeString(dir.resolve("a.yml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: conf}\n");
        Files.writeString(dir.resolve("notes.txt"), "not a manifest");
        assertThat(Manifests.parseFiles(List.of(dir)))
                .extracting(m -> m.resource().kind() + "/" + m.resource().name())
                .containsExactly("ConfigMap/conf", "Deployment/web", "Service/web");

        Files.writeString(dir.resolve("c.json"), "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"-x\"}}");
        Path missing = dir.resolve("missing.yaml");
        assertThatThrownBy(() -> Manifests.parseFiles(List.of(dir, missing)))
                .isInstanceOf(ManifestException.class)
                .satisfies(e -> assertThat(((ManifestException) e).errors()).extracting(ManifestError::toString)
                        .containsExactly(
                                missing + ": no such file or directory",
                                dir.resolve("c.json") + ":1:50 metadata.name: \"-x\" is not a valid name: lowercase"
                                        + " letters, digits, '-' and '.', starting and ending with a letter or digit,"
                                        + " at most 253 characters",
                                dir.resolve("c.json") + ":1:1 spec: required: a pod needs a spec with at least one container"));
    }
}
