package dev.skiff.output.jsonpath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Json;
import org.junit.jupiter.api.Test;

/** kubectl's JSONPath dialect, case by case, on a v1 List of pods as {@code get -o jsonpath} sees it. */
class JsonPathTest {
    private static final JsonNode LIST = tree("""
            {"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": [
              {"kind": "Pod", "metadata": {"name": "web-1", "namespace": "default",
                 "labels": {"app": "web", "app.kubernetes.io/name": "shop"}},
               "spec": {"nodeName": "pi-1", "containers": [{"name": "web", "image": "busybox:1",
                 "ports": [{"containerPort": 8080}, {"containerPort": 9090}]}]},
               "status": {"phase": "Running", "podIP": "10.0.0.1",
                 "containerStatuses": [{"name": "web", "restartCount": 2, "ready": true}]}},
              {"kind": "Pod", "metadata": {"name": "web-2", "namespace": "default", "labels": {"app": "web"}},
               "spec": {"nodeName": "pi-2", "containers": [{"name": "web", "image": "busybox:1"},
                 {"name": "log", "image": "fluent:2"}]},
               "status": {"phase": "Pending"}},
              {"kind": "Pod", "metadata": {"name": "db-0", "namespace": "data"},
               "spec": {"containers": [{"name": "db", "image": "postgres:16"}]},
               "status": {"phase": "Running", "podIP": "10.0.0.3",
                 "containerStatuses": [{"name": "db", "restartCount": 0, "ready": false}]}}
            ]}""");

    private static JsonNode tree(String json) {
        return Json.fromJson(json, JsonNode.class);
    }

    private static String run(String template) {
        return JsonPath.compile(template).execute(LIST);
    }

    @Test
    void wildcardsJoinResultsWithSpaces() {
        assertThat(run("{.items[*].metadata.name}")).isEqualTo("web-1 web-2 db-0");
    }

    @Test
    void indexesAndNegativeIndexes() {
        assertThat(run("{.items[0].status.podIP}")).isEqualTo("10.0.0.1");
        assertThat(run("{.items[-1].metadata.name}")).isEqualTo("db-0");
    }

    @Test
    void slicesAsPython() {
        assertThat(run("{.items[-1:].metadata.name}")).isEqualTo("db-0");
        assertThat(run("{.items[0:2].metadata.name}")).isEqualTo("web-1 web-2");
        assertThat(run("{.items[::2].metadata.name}")).isEqualTo("web-1 db-0");
        assertThat(run("{.items[1:].metadata.name}")).isEqualTo("web-2 db-0");
    }

    @Test
    void rangeWithQuotedTabsAndNewlines() {
        assertThat(run("{range .items[*]}{.metadata.name}{\"\\t\"}{.status.phase}{\"\\n\"}{end}"))
                .isEqualTo("web-1\tRunning\nweb-2\tPending\ndb-0\tRunning\n");
    }

    @Test
    void nestedRanges() {
        assertThat(run("{range .items[*]}{.metadata.name}:{range .spec.containers[*]}[{.name}]{end};{end}"))
                .isEqualTo("web-1:[web];web-2:[web][log];db-0:[db];");
    }

    @Test
    void textOutsideBracesIsLiteral() {
        assertThat(run("first={.items[0].metadata.name} last={.items[2].metadata.name}"))
                .isEqualTo("first=web-1 last=db-0");
    }

    @Test
    void filtersCompareStringsNumbersAndBooleans() {
        assertThat(run("{.items[?(@.status.phase==\"Running\")].metadata.name}")).isEqualTo("web-1 db-0");
        assertThat(run("{.items[?(@.status.phase != 'Running')].metadata.name}")).isEqualTo("web-2");
        assertThat(run("{.items[*].status.containerStatuses[?(@.restartCount > 1)].name}")).isEqualTo("web");
        assertThat(run("{.items[*].status.containerStatuses[?(@.ready == true)].name}")).isEqualTo("web");
        assertThat(run("{.items[0].spec.containers[0].ports[?(@.containerPort>=9000)].containerPort}")).isEqualTo("9090");
    }

    @Test
    void existenceFilter() {
        assertThat(run("{.items[?(@.status.podIP)].metadata.name}")).isEqualTo("web-1 db-0");
    }

    @Test
    void recursiveDescent() {
        assertThat(run("{..image}")).isEqualTo("busybox:1 busybox:1 fluent:2 postgres:16");
        assertThat(run("{.items[0]..containerPort}")).isEqualTo("8080 9090");
    }

    @Test
    void escapedDotsInKeys() {
        assertThat(run("{.items[0].metadata.labels.app\\.kubernetes\\.io/name}")).isEqualTo("shop");
        assertThat(run("{.items[0].metadata.labels['app.kubernetes.io/name']}")).isEqualTo("shop");
    }

    @Test
    void unionsOfIndexesAndKeys() {
        assertThat(run("{.items[0,2].metadata.name}")).isEqualTo("web-1 db-0");
        assertThat(run("{.items[0].metadata['name','namespace']}")).isEqualTo("web-1 default");
    }

    @Test
    void objectsPrintAsCompactSortedJson() {
        assertThat(run("{.items[1].metadata.labels}")).isEqualTo("{\"app\":\"web\"}");
        assertThat(run("{.items[0].spec.containers[0].ports}"))
                .isEqualTo("[{\"containerPort\":8080},{\"containerPort\":9090}]");
        assertThat(run("{.items[0].status.containerStatuses[0].restartCount}")).isEqualTo("2");
    }

    @Test
    void missingKeysPrintNothingButStrictModeNamesThem() {
        assertThat(run("{.items[*].status.podIP}")).isEqualTo("10.0.0.1 10.0.0.3");
        assertThat(run("{.items[0].nope}")).isEmpty();
        assertThatThrownBy(() -> JsonPath.compile("{.items[0].nope}").strict().execute(LIST))
                .isInstanceOf(JsonPathException.class)
                .hasMessageContaining("{.items[0].nope}").hasMessageContaining("nope is not found");
    }

    @Test
    void asJsonPrintsEachExpressionAsAnArray() {
        assertThat(JsonPath.compile("{.items[*].metadata.name}").executeAsJson(LIST))
                .isEqualTo("[\n    \"web-1\",\n    \"web-2\",\n    \"db-0\"\n]\n");
    }

    @Test
    void rootAndCurrentSymbols() {
        assertThat(run("{$.kind}")).isEqualTo("List");
        assertThat(run("{range .items[*]}{@.metadata.name} {end}")).isEqualTo("web-1 web-2 db-0 ");
    }

    @Test
    void parseErrorsNameTheExpressionAndPosition() {
        assertThatThrownBy(() -> JsonPath.compile("{.items[0.metadata.name}"))
                .isInstanceOf(JsonPathException.class)
                .hasMessageStartingWith("error parsing jsonpath \"{.items[0.metadata.name}\": unclosed array: expected ] at position 7")
                .satisfies(e -> assertThat(((JsonPathException) e).position()).isEqualTo(7));
        assertThatThrownBy(() -> JsonPath.compile("{.items[*].metadata.name"))
                .hasMessageContaining("unclosed action: expected } at position 0");
        assertThatThrownBy(() -> JsonPath.compile("{range .items[*]}{.metadata.name}"))
                .hasMessageContaining("unclosed range");
        assertThatThrownBy(() -> JsonPath.compile("{.a}{end}"))
                .hasMessageContaining("not in range, nothing to end at position 5");
        assertThatThrownBy(() -> JsonPath.compile("{.items[?(@.a =~ \"x\")]}"))
                .hasMessageContaining("unrecognized filter operator \"=~\"");
        assertThatThrownBy(() -> JsonPath.compile("{metadata.name}"))
                .hasMessageContaining("unrecognized identifier \"metadata\": fields start with a dot, as in .metadata at position 1");
        assertThatThrownBy(() -> JsonPath.compile("{.items[x]}"))
                .hasMessageContaining("invalid array index \"x\"");
    }

    @Test
    void evaluationErrorsSayWhatWasWrong() {
        assertThatThrownBy(() -> run("{.items[5].metadata.name}"))
                .isInstanceOf(JsonPathException.class)
                .hasMessage("error executing jsonpath \"{.items[5].metadata.name}\": array index out of bounds: index 5, length 3");
        assertThatThrownBy(() -> run("{.kind[0]}"))
                .hasMessageContaining("the string \"List\" is not an array, so it cannot be indexed");
    }

    @Test
    void relaxedFormsAcceptedBySortByAndCustomColumns() {
        for (String form : new String[] {"metadata.name", ".metadata.name", "{.metadata.name}", "{metadata.name}"}) {
            assertThat(JsonPath.relaxed(form).template()).isEqualTo("{.metadata.name}");
        }
        assertThatThrownBy(() -> JsonPath.relaxed("{.a}{.b}")).hasMessageContaining("unexpected path string");
    }
}
