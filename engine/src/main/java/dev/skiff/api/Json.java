package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The one JSON and one YAML configuration. Output looks like kubectl's: empty fields omitted, map
 * keys sorted (as Go marshals maps, which also makes "unchanged" comparisons byte-exact), RFC 3339
 * timestamps to the second, YAML without a document marker and with quotes only where needed.
 * Unknown fields are refused so that a typo never silently drops data.
 */
public final class Json {

    private static final ObjectMapper JSON = configure(JsonMapper.builder()).build();

    /** Built on first use: a command that only reads JSON (a one-shot get) skips YAML's start-up. */
    private static final class Yaml {
        static final ObjectMapper MAPPER = configure(YAMLMapper.builder(YAMLFactory.builder()
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .build())).build();
    }

    private Json() {
    }

    private static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B configure(B builder) {
        SimpleModule seconds = new SimpleModule("skiff-time");
        seconds.addSerializer(Instant.class, new SecondsInstantSerializer());
        return builder
                .addModule(new JavaTimeModule())
                .addModule(seconds) // registered last so it wins over JavaTimeModule's serializer
                .addModule(LazyRecordDeserializers.module())
                // empty values inside maps are kept: a label or ConfigMap key may legitimately be ""
                .defaultPropertyInclusion(JsonInclude.Value.construct(
                        JsonInclude.Include.NON_EMPTY, JsonInclude.Include.ALWAYS))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** The shared JSON mapper; thread-safe, do not reconfigure. */
    public static ObjectMapper json() {
        return JSON;
    }

    /** The shared YAML mapper; thread-safe, do not reconfigure. */
    public static ObjectMapper yaml() {
        return Yaml.MAPPER;
    }

    public static String toJson(Object value) {
        return write(() -> JSON.writeValueAsString(value), value);
    }

    public static byte[] toJsonBytes(Object value) {
        return write(() -> JSON.writeValueAsBytes(value), value);
    }

    public static String toPrettyJson(Object value) {
        return write(() -> JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value), value);
    }

    public static String toYaml(Object value) {
        return write(() -> Yaml.MAPPER.writeValueAsString(value), value);
    }

    public static <T> T fromJson(byte[] json, Class<T> type) {
        return read(() -> JSON.readValue(json, type), type);
    }

    public static <T> T fromJson(String json, Class<T> type) {
        return read(() -> JSON.readValue(json, type), type);
    }

    public static <T> T fromYaml(String yaml, Class<T> type) {
        return read(() -> Yaml.MAPPER.readValue(yaml, type), type);
    }

    public static JsonNode toTree(Object value) {
        return JSON.valueToTree(value);
    }

    public static <T> T fromTree(JsonNode tree, Class<T> type) {
        return read(() -> JSON.treeToValue(tree, type), type);
    }

    /** Reads any registered kind, choosing the record by the object's apiVersion and kind. */
    public static Resource readResource(byte[] json) {
        JsonNode tree = read(() -> JSON.readTree(json), Resource.class);
        return fromTree(tree, typeOf(tree));
    }

    /** Binds a parsed tree to the record of the kind it names. */
    public static Resource resourceFromTree(JsonNode tree) {
        return fromTree(tree, typeOf(tree));
    }

    private static Class<? extends Resource> typeOf(JsonNode tree) {
        String apiVersion = tree.path("apiVersion").asText();
        String kind = tree.path("kind").asText();
        return Kinds.ofKind(apiVersion, kind).map(KindInfo::type).orElseThrow(() -> new JsonException(
                "unknown kind \"" + kind + "\" in apiVersion \"" + apiVersion + "\"", null));
    }

    private interface Io<T> {
        T run() throws IOException;
    }

    private static <T> T write(Io<T> io, Object value) {
        try {
            return io.run();
        } catch (IOException e) {
            throw new JsonException("cannot serialise " + value.getClass().getSimpleName() + ": "
                    + e.getMessage(), e);
        }
    }

    private static <T> T read(Io<T> io, Class<?> type) {
        try {
            return io.run();
        } catch (JsonProcessingException e) {
            throw new JsonException("invalid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new JsonException("cannot read " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** Kubernetes' metav1.Time: RFC 3339 to the second, always UTC ({@code 2026-11-26T22:17:27Z}). */
    private static final class SecondsInstantSerializer extends StdSerializer<Instant> {
        private static final long serialVersionUID = 1L;

        SecondsInstantSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
            gen.writeString(DateTimeFormatter.ISO_INSTANT.format(value.truncatedTo(ChronoUnit.SECONDS)));
        }
    }
}
