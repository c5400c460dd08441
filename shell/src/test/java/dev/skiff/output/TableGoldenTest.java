package dev.skiff.output;

import dev.skiff.api.KindInfo;
import dev.skiff.api.Resource;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every built-in kind's table as {@code skiff get KIND} prints it, in the variants kubectl has,
 * compared with golden files reviewed against kubectl's printers.
 */
class TableGoldenTest {

    @ParameterizedTest
    @ValueSource(strings = {"pods", "deployments", "replicasets", "services", "endpoints", "nodes",
            "namespaces", "configmaps", "secrets", "events", "resourcequotas", "limitranges"})
    void everyVariantMatchesItsGoldenFile(String plural) {
        KindInfo kind = Fixtures.kind(plural);
        List<Resource> all = Fixtures.load(plural);
        List<Resource> inDefault = kind.namespaced()
                ? all.stream().filter(r -> "default".equals(r.namespace())).toList() : all;
        StringBuilder out = new StringBuilder();
        section(out, "get " + plural, kind, inDefault, OutputOptions.table());
        section(out, "get " + plural + " -o wide", kind, inDefault,
                OutputOptions.table().withFormat(new OutputFormat.Tabular(true)));
        section(out, "get " + plural + " -A", kind, all, OutputOptions.table().withNamespaceColumn(true));
        section(out, "get " + plural + " -A -o wide", kind, all, OutputOptions.table().withNamespaceColumn(true)
                .withFormat(new OutputFormat.Tabular(true)));
        section(out, "get " + plural + " --show-labels", kind, inDefault, OutputOptions.table().withShowLabels(true));
        section(out, "get " + plural + " --no-headers", kind, inDefault, OutputOptions.table().withNoHeaders(true));
        Golden.check(plural + ".txt", out.toString());
    }

    private static void section(StringBuilder out, String title, KindInfo kind, List<Resource> items, OutputOptions o) {
        out.append("$ skiff ").append(title).append('\n');
        out.append(ResourcePrinter.print(kind, items, false, o, Fixtures.NOW)).append('\n');
    }
}
