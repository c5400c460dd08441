package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Per-container/pod min, max and defaults in a namespace, applied at admission. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec"})
public record LimitRange(String apiVersion, String kind, ObjectMeta metadata, LimitRangeSpec spec) implements Resource {

    public static final String API_VERSION = "v1";
    public static final String KIND = "LimitRange";

    /** apiVersion, kind and metadata are never null: absent ones take this kind's values. */
    public LimitRange {
        apiVersion = apiVersion == null ? API_VERSION : apiVersion;
        kind = kind == null ? KIND : kind;
        metadata = metadata == null ? ObjectMeta.EMPTY : metadata;
    }

    @Override
    public LimitRange withMetadata(ObjectMeta v) {
        return new LimitRange(apiVersion, kind, v, spec);
    }

    public static LimitRange of(ObjectMeta metadata, LimitRangeSpec spec) {
        return new LimitRange(null, null, metadata, spec);
    }
}
