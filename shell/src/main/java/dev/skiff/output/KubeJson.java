package dev.skiff.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.api.Json;
import dev.skiff.api.JsonException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * JSON and YAML the way kubectl prints them: keys sorted at every level (kubectl prints
 * unstructured objects, which Go marshals with sorted map keys), four-space indentation,
 * {@code "key": value}, and {@code []} for empty arrays.
 */
public final class KubeJson {
    private static final ObjectWriter PRETTY = Json.json().writer(new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("    ", "\n"))
            .withArrayIndenter(new DefaultIndenter("    ", "\n"))
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator("")));

    /**
     * Go's YAML encoder quotes strings a YAML 1.1 reader would take for timestamps; Jackson's
     * doesn't, so kubectl's {@code creationTimestamp: "2026-…Z"} needs this extra check.
     */
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{1,2}-\\d{1,2}([Tt ].*)?");
    private static final ObjectWriter YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .stringQuotingChecker(new StringQuotingChecker.Default() {
                private static final long serialVersionUID = 1L;

                @Override
                public boolean needToQuoteValue(String value) {
                    return super.needToQuoteValue(value) || TIMESTAMP.matcher(value).matches();
                }
            })
            .build()).writer();

    private KubeJson() {}

    /** Indented, sorted, with a trailing newline (as {@code kubectl get -o json}). */
    public static String pretty(JsonNode node) {
        return write(PRETTY, sorted(node)) + "\n";
    }

    /** One line, sorted (as Go's json.Marshal of an unstructured value). */
    public static String compact(JsonNode node) {
        return write(Json.json().writer(), sorted(node));
    }

    /** Block YAML with sorted keys, as {@code kubectl get -o yaml}. */
    public static String yaml(JsonNode node) {
        return write(YAML, sorted(node));
    }

    public static ArrayNode arrayOf(Collection<JsonNode> values) {
        ArrayNode a = Json.json().createArrayNode();
        values.forEach(a::add);
        return a;
    }

    /** kubectl's envelope for several objects: a v1 List with an empty resourceVersion. */
    public static ObjectNode list(Collection<JsonNode> items) {
        ObjectNode list = Json.json().createObjectNode();
        list.put("apiVersion", "v1");
        list.set("items", arrayOf(items));
        list.put("kind", "List");
        list.putObject("metadata").put("resourceVersion", "");
        return list;
    }

    /** A deep copy with object keys in ascending order. */
    public static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = Json.json().createObjectNode();
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            for (String n : names) out.set(n, sorted(node.get(n)));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = Json.json().createArrayNode();
            node.forEach(e -> out.add(sorted(e)));
            return out;
        }
        return node;
    }

    private static String write(ObjectWriter writer, JsonNode node) {
        try {
            return writer.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new JsonException("cannot print " + node.getNodeType() + ": " + e.getOriginalMessage(), e);
        }
    }
}
