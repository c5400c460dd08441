package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Binds a JSON tree to a record class, first walking both side by side to collect EVERY structural
 * problem with its field path (unknown field, wrong type, bad quantity, missing {@link Required} field),
 * then, when the structure is sound, letting Jackson build the object with the same naming rules.
 */
public final class StructuralBinder {
    private static final int MAX_SUGGESTION_DISTANCE = 2;

    private final ObjectMapper mapper;
    private final Map<Class<?>, Map<String, RecordComponent>> componentsByJsonName = new ConcurrentHashMap<>();

    public StructuralBinder() {
        this(defaultMapper());
    }

    public StructuralBinder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * A mapper that agrees with the structural walk: unknown fields fail, RFC 3339 instants, and a record
     * component named like a Java keyword with a trailing underscore ({@code default_}) is JSON {@code default}.
     */
    public static ObjectMapper defaultMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .propertyNamingStrategy(new TrailingUnderscoreNaming())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // Kubernetes omits unset fields (omitempty); null components round-trip as absent
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
                .build();
    }

    /** Every structural problem of {@code node} as a {@code type}, paths relative to the document root. */
    public List<FieldError> check(JsonNode node, Type type) {
        List<FieldError> errors = new ArrayList<>();
        checkValue(node, type, "", errors);
        return errors;
    }

    /** The bound object, or {@code null} after adding every problem to {@code errors}. */
    public <T> T bind(JsonNode node, Class<T> type, List<FieldError> errors) {
        List<FieldError> found = check(node, type);
        if (found.isEmpty()) {
            try {
                return mapper.treeToValue(node, type);
            } catch (JacksonException e) {
                found.add(fromJackson(e));
            } catch (IllegalArgumentException e) {
                found.add(new FieldError("", e.getMessage()));
            }
        }
        errors.addAll(found);
        return null;
    }

    /** Binds one parsed document or throws a {@link ManifestException} with file:line:column for each problem. */
    public <T> T bind(ParsedDocument document, Class<T> type) {
        List<FieldError> errors = new ArrayList<>();
        T value = bind(document.tree(), type, errors);
        if (!errors.isEmpty()) throw new ManifestException(errors.stream().map(document::error).toList());
        return value;
    }

    private void checkValue(JsonNode node, Type type, String path, List<FieldError> errors) {
        if (node == null || node.isNull() || node.isMissingNode()) return; // absent: only @Required cares
        Class<?> raw = rawClass(type);
        if (raw == Object.class || JsonNode.class.isAssignableFrom(raw)) return;
        Optional<String> problem = scalarProblem(node, raw);
        if (problem != null) {
            problem.ifPresent(p -> errors.add(new FieldError(path, p)));
        } else if (raw.isRecord()) {
            checkRecord(node, raw, path, errors);
        } else if (Collection.class.isAssignableFrom(raw)) {
            checkList(node, typeArgument(type, 0), path, errors);
        } else if (Map.class.isAssignableFrom(raw)) {
            checkMap(node, typeArgument(type, 1), path, errors);
        }
        // anything else is left to Jackson, which reports it after the walk
    }

    /** {@code null} when {@code raw} is not a scalar type; else empty (fine) or the problem. */
    private static Optional<String> scalarProblem(JsonNode node, Class<?> raw) {
        if (raw == String.class) return expect(node.isTextual(), "a string", node);
        if (raw == int.class || raw == Integer.class) return integerProblem(node, Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (raw == long.class || raw == Long.class) return integerProblem(node, Long.MIN_VALUE, Long.MAX_VALUE);
        if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
            return expect(node.isNumber(), "a number", node);
        }
        if (raw == boolean.class || raw == Boolean.class) return expect(node.isBoolean(), "true or false", node);
        if (raw == Quantity.class) return quantityProblem(node);
        if (raw == IntOrString.class) return intOrStringProblem(node);
        if (raw == Instant.class || raw == OffsetDateTime.class) return timeProblem(node);
        if (raw.isEnum()) return enumProblem(node, raw);
        return null;
    }

    private static Optional<String> expect(boolean ok, String what, JsonNode node) {
        return ok ? Optional.empty() : Optional.of("expected " + what + ", got " + describe(node));
    }

    private static Optional<String> integerProblem(JsonNode node, long min, long max) {
        if (!node.isNumber()) return expect(false, "a number", node);
        if (!node.isIntegralNumber()) return expect(false, "an integer", node);
        boolean inRange = node.canConvertToLong() && node.asLong() >= min && node.asLong() <= max;
        return inRange ? Optional.empty() : Optional.of("expected an integer between " + min + " and " + max
                + ", got " + describe(node));
    }

    private static Optional<String> quantityProblem(JsonNode node) {
        if (!node.isTextual() && !node.isNumber()) return expect(false, "a quantity (examples: 250m, 0.5, 2, 128Mi, 1G)", node);
        try {
            Quantity.parse(node.isTextual() ? node.asText() : node.decimalValue().toString());
            return Optional.empty();
        } catch (QuantityFormatException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static Optional<String> intOrStringProblem(JsonNode node) {
        if (node.isTextual() || node.isInt()) return Optional.empty();
        return expect(false, "an integer or a string (examples: 8080, http, 25%)", node);
    }

    private static Optional<String> timeProblem(JsonNode node) {
        if (!node.isTextual()) return expect(false, "an RFC 3339 time (example: 2024-05-01T12:00:00Z)", node);
        try {
            OffsetDateTime.parse(node.asText());
            return Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.of(describe(node) + " is not an RFC 3339 time (example: 2024-05-01T12:00:00Z)");
        }
    }

    private static Optional<String> enumProblem(JsonNode node, Class<?> raw) {
        List<String> names = enumNames(raw);
        if (node.isTextual() && names.contains(node.asText())) return Optional.empty();
        String hint = node.isTextual() ? suggestion(node.asText(), names) : "";
        return Optional.of("unsupported value " + describe(node) + " (expected one of: "
                + String.join(", ", names) + ")" + hint);
    }

    // The spellings Jackson accepts: a @JsonValue accessor (the model's WireValue enums), else
    // @JsonProperty on the constant, else its name.
    private static List<String> enumNames(Class<?> raw) {
        java.lang.reflect.Method wire = jsonValueMethod(raw);
        List<String> names = new ArrayList<>();
        for (Field f : raw.getFields()) {
            if (!f.isEnumConstant()) continue;
            JsonProperty renamed = f.getAnnotation(JsonProperty.class);
            if (wire != null) names.add(String.valueOf(invoke(wire, enumConstant(f))));
            else names.add(renamed != null && !renamed.value().isEmpty() ? renamed.value() : f.getName());
        }
        return names;
    }

    private static java.lang.reflect.Method jsonValueMethod(Class<?> raw) {
        for (java.lang.reflect.Method m : raw.getMethods()) {
            JsonValue v = m.getAnnotation(JsonValue.class);
            if (v != null && v.value() && m.getParameterCount() == 0) return m;
        }
        return null;
    }

    private static Object enumConstant(Field f) {
        try {
            return f.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object invoke(java.lang.reflect.Method m, Object target) {
        try {
            return m.invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the JSON spelling of " + target, e);
        }
    }

    private void checkRecord(JsonNode node, Class<?> type, String path, List<FieldError> errors) {
        if (!node.isObject()) {
            errors.add(new FieldError(path, "expected an object, got " + describe(node)));
            return;
        }
        int before = errors.size();
        Map<String, RecordComponent> components = components(type);
        boolean ignoreUnknown = ignoresUnknown(type);
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String fieldPath = LocationIndex.field(path, field.getKey());
            RecordComponent component = components.get(field.getKey());
            if (component != null) {
                checkValue(field.getValue(), component.getGenericType(), fieldPath, errors);
            } else if (!ignoreUnknown) {
                errors.add(new FieldError(fieldPath, "unknown field \"" + field.getKey() + "\""
                        + suggestion(field.getKey(), components.keySet())));
            }
        }
        components.forEach((name, component) -> {
            JsonNode value = node.get(name);
            if (isRequired(type, component) && (value == null || value.isNull())) {
                errors.add(new FieldError(LocationIndex.field(path, name), "missing required field \"" + name + "\""));
            }
        });
        if (type == LabelSelector.class && errors.size() == before) {
            errors.addAll(mapper.convertValue(node, LabelSelector.class).validate(path));
        }
    }

    private void checkList(JsonNode node, Type elementType, String path, List<FieldError> errors) {
        if (!node.isArray()) {
            errors.add(new FieldError(path, "expected a list, got " + describe(node)));
            return;
        }
        for (int i = 0; i < node.size(); i++) checkValue(node.get(i), elementType, LocationIndex.element(path, i), errors);
    }

    private void checkMap(JsonNode node, Type valueType, String path, List<FieldError> errors) {
        if (!node.isObject()) {
            errors.add(new FieldError(path, "expected an object, got " + describe(node)));
            return;
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            checkValue(entry.getValue(), valueType, LocationIndex.entry(path, entry.getKey()), errors);
        }
    }

    private Map<String, RecordComponent> components(Class<?> type) {
        return componentsByJsonName.computeIfAbsent(type, t -> {
            Map<String, RecordComponent> byName = new LinkedHashMap<>();
            for (RecordComponent c : t.getRecordComponents()) {
                if (annotation(t, c, com.fasterxml.jackson.annotation.JsonIgnore.class) == null) byName.put(jsonName(t, c), c);
            }
            return byName;
        });
    }

    /** The JSON name Jackson uses: an explicit {@code @JsonProperty}, else the name without a trailing '_'. */
    static String jsonName(Class<?> type, RecordComponent component) {
        JsonProperty renamed = annotation(type, component, JsonProperty.class);
        if (renamed != null && !renamed.value().isEmpty()) return renamed.value();
        return TrailingUnderscoreNaming.strip(component.getName());
    }

    private static boolean isRequired(Class<?> type, RecordComponent component) {
        return annotation(type, component, Required.class) != null;
    }

    // Jackson's annotations cannot target record components, so javac moves them to the field and accessor.
    private static <A extends java.lang.annotation.Annotation> A annotation(
            Class<?> type, RecordComponent component, Class<A> annotationType) {
        A found = component.getAnnotation(annotationType);
        if (found == null) found = component.getAccessor().getAnnotation(annotationType);
        if (found == null) {
            try {
                AnnotatedElement field = type.getDeclaredField(component.getName());
                found = field.getAnnotation(annotationType);
            } catch (NoSuchFieldException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        return found;
    }

    private static boolean ignoresUnknown(Class<?> type) {
        JsonIgnoreProperties ignore = type.getAnnotation(JsonIgnoreProperties.class);
        return ignore != null && ignore.ignoreUnknown();
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) return c;
        if (type instanceof ParameterizedType p) return rawClass(p.getRawType());
        if (type instanceof WildcardType w) return rawClass(w.getUpperBounds()[0]);
        return Object.class;
    }

    private static Type typeArgument(Type type, int index) {
        if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
            return p.getActualTypeArguments()[index];
        }
        return Object.class;
    }

    private static String describe(JsonNode node) {
        if (node.isObject()) return "an object";
        if (node.isArray()) return "a list";
        return node.toString(); // JSON spelling: strings quoted, numbers and booleans bare
    }

    /** {@code " (did you mean "image"?)"} when a known name is a small edit away, else empty. */
    static String suggestion(String given, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = candidate.equalsIgnoreCase(given) ? 0 : editDistance(given, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        int allowed = Math.min(MAX_SUGGESTION_DISTANCE, Math.max(1, given.length() / 3));
        return best != null && bestDistance <= allowed ? " (did you mean \"" + best + "\"?)" : "";
    }

    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) previous[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static FieldError fromJackson(JacksonException e) {
        StringBuilder path = new StringBuilder();
        if (e instanceof JsonMappingException d) {
            for (JsonMappingException.Reference ref : d.getPath()) {
                if (ref.getFieldName() != null) path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
                else if (ref.getIndex() >= 0) path.append('[').append(ref.getIndex()).append(']');
            }
        }
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String message = cause instanceof JacksonException j ? j.getOriginalMessage() : cause.getMessage();
        return new FieldError(path.toString(), message);
    }

    /** Jackson naming that maps {@code default_} to {@code default}, as the structural walk does. */
    static final class TrailingUnderscoreNaming extends PropertyNamingStrategies.NamingBase {
        @Override
        public String translate(String name) {
            return strip(name);
        }

        static String strip(String name) {
            return name.length() > 1 && name.endsWith("_") ? name.substring(0, name.length() - 1) : name;
        }
    }
}
