package dev.skiff.output;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Json;
import dev.skiff.api.KindInfo;
import dev.skiff.api.Resource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders objects of one kind as {@code kubectl get} would: objects + options + the time → text.
 * Pure, so every format is testable without a cluster or a terminal.
 */
public final class ResourcePrinter {
    private ResourcePrinter() {}

    /**
     * @param single true when the user named exactly one object: json/yaml/jsonpath then see that
     *               object rather than a v1 List, as in kubectl
     */
    public static String print(KindInfo kind, List<? extends Resource> objects, boolean single,
                               OutputOptions options, Instant now) {
        List<? extends Resource> items = inRowOrder(objects, options.sortBy());
        return switch (options.format()) {
            case OutputFormat.Tabular t -> table(kind, items, options, t.wide(), now, false);
            case OutputFormat.AsJson j -> KubeJson.pretty(document(items, single));
            case OutputFormat.AsYaml y -> KubeJson.yaml(document(items, single));
            case OutputFormat.Names n -> names(kind, items);
            case OutputFormat.Template t -> t.asJson() ? t.path().executeAsJson(document(items, single))
                    : t.path().execute(document(items, single));
            case OutputFormat.Columns c -> CustomColumns.table(c.columns(), trees(items))
                    .render(!options.noHeaders(), Palette.PLAIN);
        };
    }

    /**
     * Several kinds at once ({@code get pods,svc}, {@code get all}), as kubectl prints them: one
     * table per kind that has objects, names prefixed with {@code kind.group/}, blank lines
     * between; the other formats see one List of every object.
     */
    public static String printGroups(List<Group> groups, OutputOptions options, Instant now) {
        if (options.format() instanceof OutputFormat.Tabular t) {
            List<String> tables = new ArrayList<>();
            for (Group g : groups) {
                if (!g.objects().isEmpty()) tables.add(table(g.kind(), inRowOrder(g.objects(), options.sortBy()), options, t.wide(), now, true));
            }
            return String.join("\n", tables);
        }
        if (options.format() instanceof OutputFormat.Names) {
            StringBuilder sb = new StringBuilder();
            for (Group g : groups) sb.append(names(g.kind(), g.objects()));
            return sb.toString();
        }
        List<Resource> all = new ArrayList<>();
        groups.forEach(g -> all.addAll(g.objects()));
        return switch (options.format()) {
            case OutputFormat.AsJson j -> KubeJson.pretty(document(all, false));
            case OutputFormat.AsYaml y -> KubeJson.yaml(document(all, false));
            case OutputFormat.Template t -> t.asJson() ? t.path().executeAsJson(document(all, false))
                    : t.path().execute(document(all, false));
            case OutputFormat.Columns c -> CustomColumns.table(c.columns(), trees(all)).render(!options.noHeaders(), Palette.PLAIN);
            default -> throw new IllegalStateException("unreachable: " + options.format());
        };
    }

    /** The objects of one kind in a {@link #printGroups} listing. */
    public record Group(KindInfo kind, List<? extends Resource> objects) {}

    /**
     * One object as {@code get -w} prints a change: a table row padded as if it were one more row
     * of the {@code listed} table (so rows line up under it), or the object in the chosen format.
     */
    public static String watchLine(KindInfo kind, List<? extends Resource> listed, Resource r, OutputOptions options, Instant now) {
        if (options.format() instanceof OutputFormat.Tabular t) {
            List<Resource> context = new ArrayList<>(listed);
            context.add(r);
            String all = table(kind, context, options.withNoHeaders(true).withSortBy(null), t.wide(), now, false);
            String trimmed = all.substring(0, all.length() - 1);
            return trimmed.substring(trimmed.lastIndexOf('\n') + 1) + "\n";
        }
        return print(kind, List.of(r), true, options, now);
    }

    /** {@code deployment.apps/web}: the singular kind, its group, the name. */
    public static String name(KindInfo kind, Resource r) {
        return kind.kind().toLowerCase(Locale.ROOT) + (kind.group().isEmpty() ? "" : "." + kind.group()) + "/" + r.name();
    }

    private static String names(KindInfo kind, List<? extends Resource> items) {
        StringBuilder sb = new StringBuilder();
        for (Resource r : items) sb.append(name(kind, r)).append('\n');
        return sb.toString();
    }

    /** The objects in the order their rows print: as listed, or by {@code --sort-by} (null: as listed). */
    public static List<? extends Resource> inRowOrder(List<? extends Resource> objects, String sortBy) {
        if (sortBy == null) return objects;
        List<Integer> order = SortBy.order(sortBy, trees(objects));
        List<Resource> out = new ArrayList<>();
        for (int i : order) out.add(objects.get(i));
        return out;
    }

    private static JsonNode document(List<? extends Resource> items, boolean single) {
        if (single && items.size() == 1) return Json.toTree(items.getFirst());
        return KubeJson.list(trees(items));
    }

    private static List<JsonNode> trees(List<? extends Resource> items) {
        return items.stream().map(r -> (JsonNode) Json.toTree(r)).toList();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static String table(KindInfo kind, List<? extends Resource> items, OutputOptions o, boolean wide, Instant now,
                                boolean kindPrefix) {
        KindPrinter printer = Printers.of(kind.type());
        List<Column> columns = printer.columns();
        boolean ns = o.withNamespace() && kind.namespaced();
        List<String> headers = new ArrayList<>();
        if (ns) headers.add("NAMESPACE");
        List<Integer> shown = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (wide || !columns.get(i).wide()) {
                shown.add(i);
                headers.add(columns.get(i).header());
            }
        }
        o.labelColumns().forEach(l -> headers.add(labelHeader(l)));
        if (o.showLabels()) headers.add("LABELS");
        Table t = new Table(headers);
        for (int i = 0; i < shown.size(); i++) {
            if (columns.get(shown.get(i)).status()) t.statusColumn(i + (ns ? 1 : 0));
        }
        for (Resource r : items) {
            List<String> cells = row(printer, r, o, ns, shown, wide, now);
            if (kindPrefix) {
                int nameAt = ns ? 1 : 0;
                cells.set(nameAt, name(kind, r).substring(0, name(kind, r).length() - r.name().length()) + cells.get(nameAt));
            }
            t.row(cells);
        }
        return t.render(!o.noHeaders(), o.palette());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<String> row(KindPrinter printer, Resource r, OutputOptions o, boolean ns,
                                    List<Integer> shown, boolean wide, Instant now) {
        List<String> all = printer.cells(r, now, wide);
        List<String> cells = new ArrayList<>();
        if (ns) cells.add(r.namespace() == null ? "" : r.namespace());
        for (int i : shown) cells.add(all.get(i) == null ? "" : all.get(i));
        var labels = r.metadata().labelsOrEmpty();
        o.labelColumns().forEach(l -> cells.add(labels.getOrDefault(l, "")));
        if (o.showLabels()) cells.add(Cells.labels(labels));
        return cells;
    }

    /** kubectl heads a -L column with the key's last path segment, upper-cased. */
    private static String labelHeader(String key) {
        return key.substring(key.lastIndexOf('/') + 1).toUpperCase(Locale.ROOT);
    }
}
