package dev.skiff.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads YAML (multi-document, {@code ---}) or JSON text into trees while remembering where every field
 * was written, so later errors can say {@code file:line:column}. Streams tokens itself rather than using
 * Jackson's tree reader: only the token stream carries positions.
 */
public final class ManifestReader {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final YAMLFactory YAML = YAMLFactory.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ManifestReader() {
    }

    /** All non-empty documents of {@code text}; throws {@link ManifestException} listing every problem. */
    public static List<ParsedDocument> read(String text, String source) {
        List<ManifestError> errors = new ArrayList<>();
        List<ParsedDocument> documents = read(text, source, errors);
        if (!errors.isEmpty()) throw new ManifestException(errors);
        return documents;
    }

    /**
     * Reads what it can, adding problems to {@code errors}: duplicate keys do not stop reading, a syntax
     * error ends it (the documents before it are returned).
     */
    public static List<ParsedDocument> read(String text, String source, List<ManifestError> errors) {
        List<ParsedDocument> documents = new ArrayList<>();
        try (JsonParser parser = (looksLikeJson(text) ? JSON : YAML).createParser(text)) {
            while (parser.nextToken() != null) {
                LocationIndex index = new LocationIndex(source);
                JsonNode tree = new TreeBuilder(parser, index, source, errors).value(new ArrayList<>());
                if (!isEmptyDocument(tree)) documents.add(new ParsedDocument(source, documents.size(), tree, index));
            }
        } catch (JsonProcessingException e) {
            errors.add(new ManifestError(location(source, e.getLocation()), "", syntaxMessage(e)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    private static boolean looksLikeJson(String text) {
        String s = text.stripLeading();
        return s.startsWith("{") || s.startsWith("[");
    }

    private static boolean isEmptyDocument(JsonNode tree) {
        return tree.isNull() || tree.isMissingNode() || (tree.isTextual() && tree.asText().isBlank());
    }

    // SnakeYAML's messages repeat the position and quote the line over several lines; the first line says it.
    private static String syntaxMessage(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        int newline = message.indexOf('\n');
        String first = (newline < 0 ? message : message.substring(0, newline)).strip();
        return "invalid syntax: " + first;
    }

    static SourceLocation location(String source, JsonLocation at) {
        if (at == null || at.getLineNr() <= 0) return SourceLocation.unknown(source);
        return new SourceLocation(source, at.getLineNr(), Math.max(at.getColumnNr(), 0));
    }

    /** Builds one document's tree from the token stream, recording each key's and value's position. */
    private record TreeBuilder(JsonParser parser, LocationIndex index, String source, List<ManifestError> errors) {

        JsonNode value(List<String> path) throws IOException {
            index.recordValue(path, location(source, parser.currentTokenLocation()));
            JsonToken token = parser.currentToken();
            return switch (token) {
                case START_OBJECT -> object(path);
                case START_ARRAY -> array(path);
                case VALUE_STRING -> NODES.textNode(parser.getText());
                case VALUE_NUMBER_INT -> integer();
                case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDecimalValue());
                case VALUE_TRUE, VALUE_FALSE -> NODES.booleanNode(token == JsonToken.VALUE_TRUE);
                case VALUE_NULL -> NODES.nullNode();
                default -> NODES.textNode(parser.getText());
            };
        }

        private JsonNode integer() throws IOException {
            return switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
        }

        private ObjectNode object(List<String> path) throws IOException {
            ObjectNode node = NODES.objectNode();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                path.add(name);
                SourceLocation keyAt = location(source, parser.currentTokenLocation());
                index.recordKey(path, keyAt);
                parser.nextToken();
                JsonNode child = value(path);
                if (node.has(name)) {
                    errors.add(new ManifestError(keyAt, pathString(path), "duplicate field \"" + name + "\""));
                }
                node.set(name, child);
                path.removeLast();
            }
            return node;
        }

        private ArrayNode array(List<String> path) throws IOException {
            ArrayNode node = NODES.arrayNode();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                path.add(Integer.toString(node.size()));
                node.add(value(path));
                path.removeLast();
            }
            return node;
        }

        // the reader cannot tell map entries from fields, so it prints every key with a dot
        private static String pathString(List<String> path) {
            StringBuilder out = new StringBuilder();
            for (String segment : path) {
                boolean index = !segment.isEmpty() && segment.chars().allMatch(Character::isDigit);
                out.append(index ? "[" + segment + "]" : out.isEmpty() ? segment : "." + segment);
            }
            return out.toString();
        }
    }
}
