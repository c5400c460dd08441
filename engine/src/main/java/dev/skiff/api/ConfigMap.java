package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/** Configuration data for pods: text in data, base64 in binaryData. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "data", "binaryData", "immutable"})
public record ConfigMap(String apiVersion, String kind, ObjectMeta metadata, Map<String, String> data, Map<String, String> binaryData, Boolean immutable) implements Resource {

    public static final String API_VERSION = "v1";
    public static final String KIND = "ConfigMap";

    /** apiVersion, kind and metadata are never null: absent ones take this kind's values. */
    public ConfigMap {
        apiVersion = apiVersion == null ? API_VERSION : apiVersion;
        kind = kind == null ? KIND : kind;
        metadata = metadata == null ? ObjectMeta.EMPTY : metadata;
    }

    @Override
    public ConfigMap withMetadata(ObjectMeta v) {
        return new ConfigMap(apiVersion, kind, v, data, binaryData, immutable);
    }

    public static ConfigMap of(ObjectMeta metadata, Map<String, String> data) {
        return new ConfigMap(null, null, metadata, data, null, null);
    }

    public Map<String, String> dataOrEmpty() {
        return data == null ? Map.of() : data;
    }
}
