package dev.skiff.output.jsonpath;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.output.KubeJson;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compiled kubectl JSONPath template over Jackson trees:
 * {@code {.items[*].metadata.name}}, {@code {range .items[*]}{.metadata.name}{"\t"}{end}},
 * {@code [?(@.status.phase=="Running")]}, {@code ..}, {@code [-1:]}, {@code app\.kubernetes\.io/name}.
 */
public final class JsonPath {
    private static final Pattern RELAXED = Pattern.compile("^\\{\\.?([^{}]+)\\}$|^\\.?([^{}]+)$");

    private final String template;
    private final List<Segment> segments;
    private final boolean allowMissingKeys;

    private JsonPath(String template, List<Segment> segments, boolean allowMissingKeys) {
        this.template = template;
        this.segments = segments;
        this.allowMissingKeys = allowMissingKeys;
    }

    /** Compiles a template; missing keys print nothing, as with {@code kubectl get -o jsonpath}. */
    public static JsonPath compile(String template) {
        return new JsonPath(template, Parser.parse(template), true);
    }

    /** A copy that fails when a field is missing from every value (client-go's default). */
    public JsonPath strict() {
        return new JsonPath(template, segments, false);
    }

    /**
     * kubectl's relaxed form for --sort-by and custom columns: {@code metadata.name},
     * {@code .metadata.name} and {@code {.metadata.name}} all mean {@code {.metadata.name}}.
     */
    public static JsonPath relaxed(String expression) {
        Matcher m = RELAXED.matcher(expression);
        if (!m.matches()) {
            throw new JsonPathException(expression, 0, "unexpected path string, expected a 'name1.name2' or "
                    + "'.name1.name2' or '{name1.name2}' or '{.name1.name2}'");
        }
        return compile("{." + (m.group(1) != null ? m.group(1) : m.group(2)) + "}");
    }

    public String template() {
        return template;
    }

    /** The values each top-level expression found, in template order (text segments included). */
    public List<List<JsonNode>> findResults(JsonNode data) {
        List<List<JsonNode>> out = new ArrayList<>();
        run(segments, data, out);
        return out;
    }

    /** Renders the template as kubectl prints it: results of one expression separated by spaces. */
    public String execute(JsonNode data) {
        StringBuilder sb = new StringBuilder();
        for (List<JsonNode> results : findResults(data)) {
            for (int i = 0; i < results.size(); i++) {
                if (i > 0) sb.append(' ');
                sb.append(text(results.get(i)));
            }
        }
        return sb.toString();
    }

    /** kubectl's jsonpath-as-json: each expression's results as one indented JSON array. */
    public String executeAsJson(JsonNode data) {
        StringBuilder sb = new StringBuilder();
        for (List<JsonNode> results : findResults(data)) {
            sb.append(KubeJson.pretty(KubeJson.arrayOf(results)));
        }
        return sb.toString();
    }

    /** How one value prints: strings raw, numbers and booleans as written, the rest as compact JSON. */
    public static String text(JsonNode v) {
        if (v.isTextual()) return v.asText();
        if (v.isIntegralNumber()) return v.bigIntegerValue().toString();
        if (v.isNumber()) return v.decimalValue().stripTrailingZeros().toPlainString();
        if (v.isValueNode()) return v.asText();
        return KubeJson.compact(v);
    }

    private void run(List<Segment> body, JsonNode current, List<List<JsonNode>> out) {
        Evaluator eval = new Evaluator(template, allowMissingKeys);
        for (Segment s : body) {
            switch (s) {
                case Segment.Text t -> out.add(List.of(com.fasterxml.jackson.databind.node.TextNode.valueOf(t.text())));
                case Segment.Expression e -> out.add(eval.evaluate(List.of(current), e.steps()));
                case Segment.Range r -> {
                    for (JsonNode item : eval.evaluate(List.of(current), r.over())) run(r.body(), item, out);
                }
            }
        }
    }

    @Override
    public String toString() {
        return template;
    }
}
