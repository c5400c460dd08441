package dev.skiff.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestReaderTest {

    private static final String YAML = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              labels:
                app.kubernetes.io/name: web
            spec:
              containers:
              - name: web
                image: "nginx:1.27"
                resources:
                  limits: {cpu: 500m, memory: 128Mi}
              - name: side
                image: busybox
            ---
            # only a comment
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            """;

    @Test
    void readsMultiDocumentYamlSkippingEmptyDocuments() {
        List<ParsedDocument> docs = ManifestReader.read(YAML, "web.yaml");
        assertThat(docs).hasSize(2);
        assertThat(docs.get(0).tree().at("/spec/containers/0/image").asText()).isEqualTo("nginx:1.27");
        assertThat(docs.get(1).tree().get("kind").asText()).isEqualTo("Service");
        assertThat(docs.get(1).index()).isEqualTo(1);
        assertThat(docs.get(1).source()).isEqualTo("web.yaml");
    }

    @Test
    void locatesFieldsAtTheirKeysAndElementsAtTheirStart() {
        List<ParsedDocument> docs = ManifestReader.read(YAML, "web.yaml");
        LocationIndex at = docs.get(0).locations();
        assertThat(at.locate("kind")).hasToString("web.yaml:2:1");
        assertThat(at.locateValue("kind")).hasToString("web.yaml:2:7");
        assertThat(at.locate("spec.containers[0].image")).hasToString("web.yaml:10:5");
        assertThat(at.locateValue("spec.containers[0].image")).hasToString("web.yaml:10:12");
        assertThat(at.locate("spec.containers[1]")).hasToString("web.yaml:13:5");
        assertThat(at.locate("spec.containers[0].resources.limits[memory]")).hasToString("web.yaml:12:27");
        assertThat(at.locate("metadata.labels[app.kubernetes.io/name]")).hasToString("web.yaml:6:5");
        // a missing field points at its nearest written ancestor
        assertThat(at.locate("spec.containers[1].ports[0].containerPort")).hasToString("web.yaml:13:5");
        assertThat(docs.get(1).locations().locate("metadata.name")).hasToString("web.yaml:20:12");
        assertThat(docs.get(1).location()).hasToString("web.yaml:18:1");
    }

    @Test
    void readsJsonWithPositions() {
        String json = "{\n  \"kind\": \"Pod\",\n  \"spec\": {\"containers\": [{\"name\": \"a\"}]}\n}\n";
        ParsedDocument doc = ManifestReader.read(json, "pod.json").getFirst();
        assertThat(doc.tree().at("/spec/containers/0/name").asText()).isEqualTo("a");
        assertThat(doc.locations().locate("kind")).hasToString("pod.json:2:3");
        assertThat(doc.locations().locate("spec.containers[0].name")).hasToString("pod.json:3:28");
    }

    @Test
    void keepsNumberTypes() {
        ParsedDocument doc = ManifestReader.read("a: 2\nb: 0.5\nc: 9999999999\nd: true\ne: null\nf: '3'\n", "t.yaml").getFirst();
        assertThat(doc.tree().get("a").isInt()).isTrue();
        assertThat(doc.tree().get("b").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(doc.tree().get("c").isLong()).isTrue();
        assertThat(doc.tree().get("d").isBoolean()).isTrue();
        assertThat(doc.tree().get("e").isNull()).isTrue();
        assertThat(doc.tree().get("f").isTextual()).isTrue();
    }

    @Test
    void syntaxErrorsCarryThePosition() {
        assertThatThrownBy(() -> ManifestReader.read("kind: Pod\nmetadata:\n  name: a\n   bad: [\n", "bad.yaml"))
                .isInstanceOf(ManifestException.class)
                .hasMessageStartingWith("bad.yaml:4:")
                .hasMessageContaining("invalid syntax");
        assertThatThrownBy(() -> ManifestReader.read("{\"kind\": \"Pod\",\n \"x\": }", "bad.json"))
                .hasMessageStartingWith("bad.json:2:")
                .hasMessageContaining("invalid syntax");
    }

    @Test
    void reportsEveryDuplicateKeyAndKeepsReading() {
        List<ManifestError> errors = new java.util.ArrayList<>();
        List<ParsedDocument> docs = ManifestReader.read(
                "kind: Pod\nkind: Service\nspec:\n  a: 1\n  a: 2\n---\nkind: X\n", "dup.yaml", errors);
        assertThat(docs).hasSize(2);
        assertThat(errors).extracting(ManifestError::toString).containsExactly(
                "dup.yaml:2:1 kind: duplicate field \"kind\"",
                "dup.yaml:5:3 spec.a: duplicate field \"a\"");
    }

    @Test
    void emptyTextHasNoDocuments() {
        assertThat(ManifestReader.read("", "e.yaml")).isEmpty();
        assertThat(ManifestReader.read("---\n---\n# nothing\n", "e.yaml")).isEmpty();
    }
}
