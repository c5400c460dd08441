package dev.skiff.output;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.output.jsonpath.JsonPath;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** {@code -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName} and its file form. */
public final class CustomColumns {
    private CustomColumns() {}

    public record Column(String header, JsonPath path) {}

    public static List<Column> parse(String spec) {
        List<Column> columns = new ArrayList<>();
        for (String part : spec.split(",")) {
            int colon = part.indexOf(':');
            if (colon <= 0 || colon == part.length() - 1) {
                throw new OutputException("unexpected custom-columns spec: " + part
                        + ", expected <header>:<json-path-expr>, as in NAME:.metadata.name");
            }
            columns.add(new Column(part.substring(0, colon), JsonPath.relaxed(part.substring(colon + 1))));
        }
        return columns;
    }

    /** The file form: a line of headers, then a line of paths, separated by whitespace. */
    public static List<Column> parseFile(String text) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        if (lines.size() < 2) {
            throw new OutputException("a custom-columns file needs two lines: the headers, then their JSONPath expressions");
        }
        String[] headers = lines.get(0).trim().split("\\s+");
        String[] paths = lines.get(1).trim().split("\\s+");
        if (headers.length != paths.length) {
            throw new OutputException("number of headers (" + headers.length + ") does not match the number of templates ("
                    + paths.length + ") in the custom-columns file");
        }
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < headers.length; i++) columns.add(new Column(headers[i], JsonPath.relaxed(paths[i])));
        return columns;
    }

    /** One table row per object; several values join with commas, none prints {@code <none>}. */
    static Table table(List<Column> columns, List<JsonNode> objects) {
        Table t = new Table(columns.stream().map(Column::header).toList());
        for (JsonNode o : objects) {
            List<String> cells = new ArrayList<>();
            for (Column c : columns) cells.add(cell(c.path(), o));
            t.row(cells);
        }
        return t;
    }

    private static String cell(JsonPath path, JsonNode object) {
        List<String> values = new ArrayList<>();
        for (List<JsonNode> results : path.findResults(object)) {
            for (JsonNode v : results) values.add(goValue(v));
        }
        return values.isEmpty() ? Cells.NONE : String.join(",", values);
    }

    /** Go's {@code %v} of a decoded JSON value, which is what kubectl prints: map[k:v], [a b]. */
    static String goValue(JsonNode v) {
        if (v.isObject()) {
            List<String> parts = new ArrayList<>();
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            v.fields().forEachRemaining(fields::add);
            fields.sort(Map.Entry.comparingByKey());
            for (Map.Entry<String, JsonNode> e : fields) parts.add(e.getKey() + ":" + goValue(e.getValue()));
            return "map[" + String.join(" ", parts) + "]";
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            for (Iterator<JsonNode> it = v.elements(); it.hasNext(); ) parts.add(goValue(it.next()));
            return "[" + String.join(" ", parts) + "]";
        }
        if (v.isNull()) return "<nil>";
        return JsonPath.text(v);
    }
}
