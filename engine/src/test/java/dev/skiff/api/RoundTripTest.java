package dev.skiff.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RoundTripTest {

    @ParameterizedTest
    @ValueSource(strings = {"pod-full.yaml", "deployment-full.yaml", "others-full.yaml"})
    void everyFieldOfRealisticObjectsSurvivesJsonAndYaml(String file) throws IOException {
        List<JsonNode> docs = documents(file);
        assertThat(docs).isNotEmpty();
        for (JsonNode doc : docs) {
            Resource r = Json.resourceFromTree(doc);
            // compared as re-parsed JSON text: a Long field and a YAML int are different node types
            assertThat(reparsed(r)).as("%s as a tree", r.kind()).isEqualTo(reparsed(doc));
            assertThat(Json.readResource(Json.toJsonBytes(r))).isEqualTo(r);
            assertThat(Json.fromYaml(Json.toYaml(r), r.getClass())).isEqualTo(r);
            assertThat(Json.fromJson(Json.toPrettyJson(r), r.getClass())).isEqualTo(r);
        }
    }

    @Test
    void allKindsAreCovered() throws IOException {
        var kinds = new java.util.HashSet<String>();
        for (String f : List.of("pod-full.yaml", "deployment-full.yaml", "others-full.yaml")) {
            documents(f).forEach(d -> kinds.add(d.get("kind").asText()));
        }
        assertThat(kinds).containsAll(KindsTest.builtIn().stream().map(KindInfo::kind).toList());
    }

    @Test
    void yamlLooksLikeKubectl() {
        Pod pod = Pod.of(new ObjectMeta("web", null, "default", null, Map.of("version", "1", "on", "true"),
                        null, "7", 0L, Instant.parse("2026-11-26T22:17:27.123456Z"), null, null, null, null),
                PodSpec.of(Container.of("web", "nginx:1.27")));
        String yaml = Json.toYaml(pod);
        assertThat(yaml).startsWith("apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n");
        assertThat(yaml).doesNotContain("---");
        assertThat(yaml).contains("creationTimestamp: 2026-11-26T22:17:27Z\n");
        assertThat(yaml).contains("version: \"1\"").contains("\"on\": \"true\"");
        assertThat(yaml).contains("resourceVersion: \"7\"").contains("generation: 0");
        assertThat(yaml).contains("containers:\n  - name: web\n    image: nginx:1.27\n");
        assertThat(yaml).doesNotContain("status").doesNotContain("null");
    }

    @Test
    void jsonOmitsEmptyFieldsKeepsZeroAndFalseAndSortsMaps() {
        DeploymentSpec spec = new DeploymentSpec(0, LabelSelector.of(Map.of("app", "web")),
                new PodTemplateSpec(ObjectMeta.EMPTY.withLabels(Map.of("b", "", "a", "x")), PodSpec.of()),
                null, null, null, false, null);
        String json = Json.toJson(Deployment.of(ObjectMeta.named("web"), spec));
        assertThat(json).isEqualTo("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\"},"
                + "\"spec\":{\"replicas\":0,\"selector\":{\"matchLabels\":{\"app\":\"web\"}},"
                + "\"template\":{\"metadata\":{\"labels\":{\"a\":\"x\",\"b\":\"\"}},\"spec\":{}},\"paused\":false}}");
    }

    @Test
    void unknownEnumValuesAndFieldsAreRefused() {
        assertThatThrownBy(() -> Json.fromJson("{\"restartPolicy\":\"Sometimes\"}", PodSpec.class))
                .isInstanceOf(JsonException.class)
                .hasMessageContaining("unsupported value \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"");
        assertThatThrownBy(() -> Json.fromJson("{\"replicaz\":1}", DeploymentSpec.class))
                .isInstanceOf(JsonException.class).hasMessageContaining("replicaz");
        assertThatThrownBy(() -> Json.readResource("{\"apiVersion\":\"v9\",\"kind\":\"Pod\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JsonException.class).hasMessage("unknown kind \"Pod\" in apiVersion \"v9\"");
    }

    @Test
    void absentTypeMetaIsFilledByTheRecord() {
        ConfigMap cm = Json.fromJson("{\"metadata\":{\"name\":\"c\"}}", ConfigMap.class);
        assertThat(cm.apiVersion()).isEqualTo("v1");
        assertThat(cm.kind()).isEqualTo("ConfigMap");
        assertThat(new Pod(null, null, null, null, null).metadata()).isEqualTo(ObjectMeta.EMPTY);
    }

    private static JsonNode reparsed(Object o) throws IOException {
        return Json.json().readTree(Json.toJson(o));
    }

    static List<JsonNode> documents(String file) throws IOException {
        try (InputStream in = RoundTripTest.class.getResourceAsStream(file);
             MappingIterator<JsonNode> it = Json.yaml().readerFor(JsonNode.class).readValues(in)) {
            return it.readAll();
        }
    }
}
