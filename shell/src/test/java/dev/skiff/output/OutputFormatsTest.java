package dev.skiff.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.api.KindInfo;
import dev.skiff.api.Resource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The non-table formats of {@code get}: json, yaml, name, jsonpath, custom-columns; and -L. */
class OutputFormatsTest {
    private static final KindInfo PODS = Fixtures.kind("pods");
    private static final List<Resource> ALL_PODS = Fixtures.load("pods");
    private static final List<Resource> TWO = ALL_PODS.subList(0, 2);

    private static String print(List<Resource> items, boolean single, String format) {
        OutputOptions o = OutputOptions.table().withFormat(OutputFormat.parse(format, Fixtures::resource));
        return ResourcePrinter.print(PODS, items, single, o, Fixtures.NOW);
    }

    @Test
    void jsonOfSeveralIsAV1ListWithSortedKeysAndFourSpaces() {
        String json = print(TWO, false, "json");
        assertThat(json).startsWith("{\n    \"apiVersion\": \"v1\",\n    \"items\": [\n        {\n            \"apiVersion\": \"v1\",\n            \"kind\": \"Pod\",\n            \"metadata\": {\n                \"creationTimestamp\": \"2026-02-26T12:00:00Z\",");
        assertThat(json).endsWith("    ],\n    \"kind\": \"List\",\n    \"metadata\": {\n        \"resourceVersion\": \"\"\n    }\n}\n");
    }

    @Test
    void jsonOfOneNamedObjectIsTheObject() {
        assertThat(print(TWO.subList(0, 1), true, "json")).startsWith("{\n    \"apiVersion\": \"v1\",\n    \"kind\": \"Pod\",");
    }

    @Test
    void anEmptyListIsStillAList() {
        assertThat(print(List.of(), false, "json")).isEqualTo("""
                {
                    "apiVersion": "v1",
                    "items": [],
                    "kind": "List",
                    "metadata": {
                        "resourceVersion": ""
                    }
                }
                """);
    }

    @Test
    void yamlIsSortedBlockYaml() {
        String yaml = print(TWO.subList(0, 1), true, "yaml");
        assertThat(yaml).startsWith("apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: \"2026-02-26T12:00:00Z\"\n  labels:\n    app: web\n");
        assertThat(print(TWO, false, "yaml")).startsWith("apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n")
                .endsWith("kind: List\nmetadata:\n  resourceVersion: \"\"\n");
    }

    @Test
    void namesAreKindSlashName() {
        assertThat(print(TWO, false, "name")).isEqualTo("pod/web-7d4b9c-abcde\npod/web-7d4b9c-fghij\n");
        KindInfo deploy = Fixtures.kind("deploy");
        assertThat(ResourcePrinter.name(deploy, Fixtures.load("deployments").getFirst())).isEqualTo("deployment.apps/web");
    }

    @Test
    void jsonpathRunsOverTheListOrTheNamedObject() {
        assertThat(print(TWO, false, "jsonpath={.items[*].metadata.name}")).isEqualTo("web-7d4b9c-abcde web-7d4b9c-fghij");
        assertThat(print(TWO.subList(0, 1), true, "jsonpath={.status.podIP}")).isEqualTo("192.168.1.11");
        assertThat(print(ALL_PODS, false, "jsonpath={range .items[?(@.status.phase==\"Pending\")]}{.metadata.name}{\"\\n\"}{end}"))
                .isEqualTo("pending-7xk2p\ncreating-q9w8e\nseeded-db-0\n");
        assertThat(print(TWO, false, "jsonpath-as-json={.items[*].spec.nodeName}")).isEqualTo("[\n    \"pi-1\",\n    \"pi-2\"\n]\n");
    }

    @Test
    void jsonpathFromAFile() {
        assertThat(print(TWO, false, "jsonpath-file=/formats/names.jsonpath")).isEqualTo("web-7d4b9c-abcde\nweb-7d4b9c-fghij\n");
    }

    @Test
    void customColumnsJoinSeveralValuesAndShowNoneForMissing() {
        assertThat(print(ALL_PODS.subList(7, 10), false,
                "custom-columns=NAME:.metadata.name,IMAGES:.spec.containers[*].image,NODE:spec.nodeName,NOMINATED:{.status.nominatedNodeName}"))
                .isEqualTo("""
                        NAME            IMAGES                               NODE   NOMINATED
                        web-old-zzzzz   localhost/busybox:0                  pi-1   <none>
                        seeded-db-0     localhost/db:1,localhost/metrics:1   pi-2   <none>
                        shop-1          localhost/shop:3,localhost/proxy:1   pi-3   <none>
                        """);
    }

    @Test
    void customColumnsPrintMapsAsGoDoes() {
        assertThat(print(TWO.subList(0, 1), false, "custom-columns=LABELS:.metadata.labels"))
                .isEqualTo("LABELS\nmap[app:web pod-template-hash:7d4b9c]\n");
    }

    @Test
    void customColumnsFromAFileWithoutHeaders() {
        OutputOptions o = OutputOptions.table().withNoHeaders(true)
                .withFormat(OutputFormat.parse("custom-columns-file=/formats/columns.txt", Fixtures::resource));
        assertThat(ResourcePrinter.print(PODS, TWO, false, o, Fixtures.NOW))
                .isEqualTo("web-7d4b9c-abcde   pi-1   0\nweb-7d4b9c-fghij   pi-2   5\n");
    }

    @Test
    void labelColumnsComeBeforeLabels() {
        OutputOptions o = OutputOptions.table().withLabelColumns(List.of("app", "example.com/pod-template-hash", "pod-template-hash"))
                .withShowLabels(true);
        assertThat(ResourcePrinter.print(PODS, ALL_PODS.subList(2, 4), false, o, Fixtures.NOW)).isEqualTo("""
                NAME            READY   STATUS             RESTARTS      AGE   APP     POD-TEMPLATE-HASH   POD-TEMPLATE-HASH   LABELS
                api-0           0/1     CrashLoopBackOff   12 (2m ago)   60m   api                                             app=api
                pending-7xk2p   0/1     Pending            0             10s   batch                                           app=batch
                """);
    }

    @Test
    void badFormatsSayWhatIsAllowed() {
        assertThatThrownBy(() -> OutputFormat.parse("jsn", Fixtures::resource))
                .isInstanceOf(OutputException.class)
                .hasMessage("unable to match a printer suitable for the output format \"jsn\", allowed formats are: "
                        + OutputFormat.ALLOWED);
        assertThatThrownBy(() -> OutputFormat.parse("jsonpath=", Fixtures::resource))
                .hasMessageContaining("jsonpath format specified but no template given");
        assertThatThrownBy(() -> OutputFormat.parse("custom-columns=NAME", Fixtures::resource))
                .hasMessageContaining("unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>");
        assertThatThrownBy(() -> CustomColumns.parseFile("A B\n.a\n"))
                .hasMessageContaining("number of headers (2) does not match the number of templates (1)");
    }

    @Test
    void theGenericTableServesKindsWithoutAPrinterAndRegisteredOnesWin() {
        KindInfo widgets = Widget.register();
        List<Resource> items = List.of(Widget.named("w1", "2026-03-01T11:00:00Z", "Running"));
        assertThat(ResourcePrinter.print(widgets, items, false, OutputOptions.table().withNamespaceColumn(true), Fixtures.NOW))
                .isEqualTo("NAMESPACE   NAME   AGE\ndefault     w1     60m\n");
        Printers.register(Widget.class, KindPrinter.of(List.of(Column.of("NAME"), Column.status("PHASE")),
                (w, now) -> List.of(w.name(), w.phase())));
        try {
            assertThat(ResourcePrinter.print(widgets, items, false, OutputOptions.table(), Fixtures.NOW))
                    .isEqualTo("NAME   PHASE\nw1     Running\n");
        } finally {
            Printers.unregister(Widget.class);
        }
    }

    @Test
    void thePodStatusIsAvailableToOtherCommands() {
        Map<String, String> statuses = new java.util.LinkedHashMap<>();
        ALL_PODS.forEach(p -> statuses.put(p.name(), Printers.podStatus((dev.skiff.api.Pod) p)));
        assertThat(statuses).containsEntry("api-0", "CrashLoopBackOff").containsEntry("web-old-zzzzz", "Terminating");
    }
}
