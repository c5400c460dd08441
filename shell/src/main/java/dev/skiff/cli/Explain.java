package dev.skiff.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.skiff.api.IntOrString;
import dev.skiff.api.KindInfo;
import dev.skiff.api.Quantity;
import dev.skiff.api.WireValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * {@code explain}'s model: the field tree of a kind's record, read by reflection (so it never
 * drifts from what the store accepts), with JSON types and one-line descriptions from
 * explain.properties. A description is looked up by the field's full path
 * ({@code deployment.spec.strategy}) first, then by its declaring type ({@code DeploymentStrategy.type}),
 * so a shared type (PodSpec in pods and deployment templates) is described once.
 */
final class Explain {
    private static final Properties TEXT = load();

    private Explain() {}

    /** One field: its JSON name, type as kubectl spells it, Java type to descend into, description. */
    record Field(String name, String type, Type javaType, String description) {}

    /** What {@code explain KIND.a.b} prints about field {@code a.b} (or the kind itself when the path is empty). */
    record Page(KindInfo kind, List<String> path, Field field, List<Field> children) {}

    static Page explain(KindInfo kind, List<String> path) {
        String key = kind.kind().toLowerCase(java.util.Locale.ROOT);
        Field current = new Field(kind.kind(), kind.kind(), kind.type(), TEXT.getProperty(key, ""));
        List<String> walked = new ArrayList<>();
        for (String segment : path) {
            Class<?> record = descend(current.javaType());
            Field next = record == null ? null : fields(record, key).stream()
                    .filter(f -> f.name().equals(segment)).findFirst().orElse(null);
            if (next == null) {
                String within = walked.isEmpty() ? kind.kind() : kind.kind() + "." + String.join(".", walked);
                List<String> known = record == null ? List.of() : fields(record, key).stream().map(Field::name).toList();
                throw new UserError("field \"" + segment + "\" does not exist in " + within
                        + (known.isEmpty() ? " (it has no fields)" : "; its fields are: " + String.join(", ", known)));
            }
            key = key + "." + segment;
            walked.add(segment);
            current = next;
        }
        Class<?> record = descend(current.javaType());
        return new Page(kind, List.copyOf(walked), current, record == null ? List.of() : fields(record, key));
    }

    static String render(Page page) {
        StringBuilder sb = new StringBuilder();
        if (!page.kind().group().isEmpty()) sb.append("GROUP:      ").append(page.kind().group()).append('\n');
        sb.append("KIND:       ").append(page.kind().kind()).append('\n');
        sb.append("VERSION:    ").append(page.kind().version()).append("\n\n");
        if (!page.path().isEmpty()) {
            sb.append("FIELD: ").append(page.field().name()).append(" <").append(page.field().type()).append(">\n\n");
        }
        sb.append("DESCRIPTION:\n");
        sb.append(indent(page.field().description().isEmpty() ? "<empty>" : page.field().description(), "    "));
        if (!page.children().isEmpty()) {
            sb.append("\nFIELDS:\n");
            for (Field f : page.children()) {
                sb.append("  ").append(f.name()).append("\t<").append(f.type()).append(">\n");
                if (!f.description().isEmpty()) sb.append(indent(f.description(), "    "));
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** The fields of a record, alphabetical as kubectl lists them. */
    static List<Field> fields(Class<?> record, String pathKey) {
        List<Field> out = new ArrayList<>();
        for (RecordComponent c : record.getRecordComponents()) {
            // @JsonProperty on a record component lands on its accessor and field, not the component
            JsonProperty renamed = c.getAccessor().getAnnotation(JsonProperty.class);
            String name = renamed != null && !renamed.value().isEmpty() ? renamed.value() : c.getName();
            String text = TEXT.getProperty(pathKey + "." + name, TEXT.getProperty(record.getSimpleName() + "." + name, ""));
            out.add(new Field(name, typeName(c.getGenericType()), c.getGenericType(), withValues(text, c.getGenericType())));
        }
        out.sort(Comparator.comparing(Field::name));
        return out;
    }

    /** kubectl's spelling: string, integer, boolean, []T, map[string]T, Object type names. */
    static String typeName(Type t) {
        if (t instanceof ParameterizedType p) {
            Type raw = p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (raw == List.class || raw == java.util.Set.class) return "[]" + typeName(args[0]);
            if (raw == java.util.Map.class) return "map[string]" + typeName(args[1]);
            return typeName(raw);
        }
        Class<?> c = (Class<?>) t;
        if (c == String.class || c == Instant.class || c.isEnum()) return "string";
        if (c == Integer.class || c == int.class || c == Long.class || c == long.class) return "integer";
        if (c == Boolean.class || c == boolean.class) return "boolean";
        if (c == Double.class || c == double.class || c == Float.class) return "number";
        if (c == Quantity.class) return "Quantity";
        if (c == IntOrString.class) return "IntOrString";
        return c.getSimpleName();
    }

    /** The record a path descends into through lists and maps, or null for a leaf. */
    private static Class<?> descend(Type t) {
        if (t instanceof ParameterizedType p) {
            Type[] args = p.getActualTypeArguments();
            return descend(args[args.length - 1]);
        }
        return t instanceof Class<?> c && c.isRecord() ? c : null;
    }

    /** Enums list their allowed spellings after the text, as newer kubectl does. */
    private static String withValues(String text, Type t) {
        if (!(t instanceof Class<?> c) || !c.isEnum()) return text;
        String values = Arrays.stream(c.getEnumConstants())
                .map(e -> e instanceof WireValue w ? w.wire() : ((Enum<?>) e).name())
                .collect(Collectors.joining(", "));
        return (text.isEmpty() ? "" : text + "\n") + "Possible values: " + values;
    }

    private static String indent(String text, String by) {
        return text.lines().map(l -> by + l + "\n").collect(Collectors.joining());
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Explain.class.getResourceAsStream("explain.properties")) {
            if (in != null) p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
