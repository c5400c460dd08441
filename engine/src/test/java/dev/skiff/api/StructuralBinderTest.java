package dev.skiff.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StructuralBinderTest {
    // Small Kubernetes-shaped records, enough to exercise every kind of component the model uses.
    enum Policy { Always, OnFailure, Never }

    enum Protocol { @JsonProperty("TCP") TCP_, @JsonProperty("UDP") UDP_ }

    record Meta(@Required String name, Map<String, String> labels, Instant creationTimestamp) {}

    record Port(@Required int containerPort, Protocol protocol, IntOrString targetPort) {}

    record Resources(Map<String, Quantity> limits, Map<String, Quantity> requests) {}

    record Container(@Required String name, @Required String image, List<Port> ports, Resources resources,
                     boolean stdin, Long memoryBytes, double weight) {}

    record Schema(@JsonProperty("$ref") String ref, String default_, JsonNode extra) {}

    record Spec(Integer replicas, LabelSelector selector, List<Container> containers, Policy restartPolicy,
                Schema schema) {}

    record Thing(String apiVersion, String kind, @Required Meta metadata, Spec spec) {}

    private final StructuralBinder binder = new StructuralBinder();

    private static ParsedDocument doc(String yaml) {
        return ManifestReader.read(yaml, "t.yaml").getFirst();
    }

    @Test
    void bindsAValidDocument() {
        Thing thing = binder.bind(doc("""
                apiVersion: v1
                kind: Thing
                metadata:
                  name: web
                  labels: {app: web}
                  creationTimestamp: "2024-05-01T12:00:00+02:00"
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: web}}
                  restartPolicy: OnFailure
                  containers:
                  - name: web
                    image: nginx
                    stdin: true
                    memoryBytes: 9999999999
                    weight: 1.5
                    ports: [{containerPort: 80, protocol: UDP, targetPort: http}]
                    resources: {limits: {cpu: 2, memory: 128Mi}}
                  schema: {$ref: "#/a", default: x, extra: {any: [1, 2]}}
                """), Thing.class);
        assertThat(thing.metadata().creationTimestamp()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(thing.spec().selector().matches(Map.of("app", "web"))).isTrue();
        Container c = thing.spec().containers().getFirst();
        assertThat(c.resources().limits()).containsEntry("cpu", Quantity.parse("2")).containsEntry("memory", Quantity.parse("128Mi"));
        assertThat(c.ports().getFirst().protocol()).isEqualTo(Protocol.UDP_);
        assertThat(c.ports().getFirst().targetPort()).isEqualTo(IntOrString.of("http"));
        assertThat(c.memoryBytes()).isEqualTo(9_999_999_999L);
        assertThat(thing.spec().restartPolicy()).isEqualTo(Policy.OnFailure);
        assertThat(thing.spec().schema().ref()).isEqualTo("#/a");
        assertThat(thing.spec().schema().default_()).isEqualTo("x");
        assertThat(thing.spec().schema().extra().at("/any/1").asInt()).isEqualTo(2);
    }

    @Test
    void reportsEveryProblemWithPathAndPosition() {
        ParsedDocument d = doc("""
                apiVersion: v1
                kind: Thing
                metadata:
                  labels: {app: web}
                  creationTimestamp: yesterday
                spec:
                  replicas: "two"
                  restartPolicy: Allways
                  selector: {matchLabels: {"bad key": web}}
                  containers:
                  - name: web
                    imagee: nginx
                    stdin: "yes"
                    weight: 1.5.2
                    ports:
                    - containerPort: 80.5
                      protocol: SCTP
                      targetPort: true
                    - containerPort: 99999999999
                    resources:
                      limits: {cpu: abc, memory: [1]}
                  - image: busybox
                    ports: {containerPort: 80}
                  schema: {ref: x}
                """);
        assertThatThrownBy(() -> binder.bind(d, Thing.class))
                .isInstanceOf(ManifestException.class)
                .extracting(e -> ((ManifestException) e).errors().stream().map(ManifestError::toString).toList())
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.list(String.class))
                .containsExactly(
                        "t.yaml:5:3 metadata.creationTimestamp: \"yesterday\" is not an RFC 3339 time (example: 2024-05-01T12:00:00Z)",
                        "t.yaml:3:1 metadata.name: missing required field \"name\"",
                        "t.yaml:7:3 spec.replicas: expected a number, got \"two\"",
                        "t.yaml:8:3 spec.restartPolicy: unsupported value \"Allways\" (expected one of: Always, OnFailure, Never) (did you mean \"Always\"?)",
                        "t.yaml:9:28 spec.selector.matchLabels[bad key]: invalid label key \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
                        "t.yaml:12:5 spec.containers[0].imagee: unknown field \"imagee\" (did you mean \"image\"?)",
                        "t.yaml:13:5 spec.containers[0].stdin: expected true or false, got \"yes\"",
                        "t.yaml:14:5 spec.containers[0].weight: expected a number, got \"1.5.2\"",
                        "t.yaml:16:7 spec.containers[0].ports[0].containerPort: expected an integer, got 80.5",
                        "t.yaml:17:7 spec.containers[0].ports[0].protocol: unsupported value \"SCTP\" (expected one of: TCP, UDP)",
                        "t.yaml:18:7 spec.containers[0].ports[0].targetPort: expected an integer or a string (examples: 8080, http, 25%), got true",
                        "t.yaml:19:7 spec.containers[0].ports[1].containerPort: expected an integer between -2147483648 and 2147483647, got 99999999999",
                        "t.yaml:21:16 spec.containers[0].resources.limits[cpu]: \"abc\" is not a quantity (examples: 250m, 0.5, 2, 128Mi, 1G)",
                        "t.yaml:21:26 spec.containers[0].resources.limits[memory]: expected a quantity (examples: 250m, 0.5, 2, 128Mi, 1G), got a list",
                        "t.yaml:11:5 spec.containers[0].image: missing required field \"image\"",
                        "t.yaml:23:5 spec.containers[1].ports: expected a list, got an object",
                        "t.yaml:22:5 spec.containers[1].name: missing required field \"name\"",
                        "t.yaml:24:12 spec.schema.ref: unknown field \"ref\" (did you mean \"$ref\"?)");
    }

    @Test
    void collectsFieldErrorsWithoutPositionsToo() {
        List<FieldError> errors = new ArrayList<>();
        JsonNode tree = doc("metadata: {name: 5}\nextra: 1\n").tree();
        assertThat(binder.bind(tree, Thing.class, errors)).isNull();
        assertThat(errors).containsExactly(
                new FieldError("metadata.name", "expected a string, got 5"),
                new FieldError("extra", "unknown field \"extra\""));
    }

    @Test
    void nullCountsAsAbsent() {
        assertThat(binder.check(doc("metadata: {name: a, labels: null}\nspec: ~\n").tree(), Thing.class)).isEmpty();
        assertThat(binder.check(doc("metadata: {name: null}\n").tree(), Thing.class))
                .containsExactly(new FieldError("metadata.name", "missing required field \"name\""));
    }

    @Test
    void jacksonAgreesWithTheWalkOnNames() throws Exception {
        Schema schema = new Schema("#/x", "d", null);
        String json = StructuralBinder.defaultMapper().writeValueAsString(schema);
        assertThat(json).contains("\"$ref\":\"#/x\"").contains("\"default\":\"d\"");
        JsonNode back = StructuralBinder.defaultMapper().readTree(json);
        assertThat(binder.check(back, Schema.class)).isEmpty();
        assertThat(binder.bind(back, Schema.class, new ArrayList<>())).isEqualTo(schema);
    }

    @Test
    void suggestsOnlyNearNames() {
        assertThat(StructuralBinder.suggestion("contianers", List.of("containers", "volumes"))).contains("containers");
        assertThat(StructuralBinder.suggestion("Image", List.of("image"))).contains("image");
        assertThat(StructuralBinder.suggestion("x", List.of("id", "name"))).isEmpty();
        assertThat(StructuralBinder.suggestion("colour", List.of("image"))).isEmpty();
        assertThat(StructuralBinder.editDistance("kitten", "sitting")).isEqualTo(3);
    }
}
