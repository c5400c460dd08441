package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** Sensitive data: base64 values in data; stringData is write-only plain text merged into data by Defaults. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "type", "data", "stringData", "immutable"})
public record Secret(String apiVersion, String kind, ObjectMeta metadata, String type, Map<String, String> data, Map<String, String> stringData, Boolean immutable) implements Resource {

    public static final String API_VERSION = "v1";
    public static final String KIND = "Secret";

    /** apiVersion, kind and metadata are never null: absent ones take this kind's values. */
    public Secret {
        apiVersion = apiVersion == null ? API_VERSION : apiVersion;
        kind = kind == null ? KIND : kind;
        metadata = metadata == null ? ObjectMeta.EMPTY : metadata;
    }

    @Override
    public Secret withMetadata(ObjectMeta v) {
        return new Secret(apiVersion, kind, v, type, data, stringData, immutable);
    }

    public static final String OPAQUE = "Opaque";

    public static Secret of(ObjectMeta metadata, Map<String, String> plainData) {
        return new Secret(null, null, metadata, OPAQUE, null, plainData, null);
    }

    /** The decoded bytes of one key, if present. */
    public Optional<byte[]> decoded(String key) {
        return Optional.ofNullable(data).map(d -> d.get(key)).map(Base64.getDecoder()::decode);
    }
}
