package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A pod: containers scheduled together onto one node. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec", "status"})
public record Pod(String apiVersion, String kind, ObjectMeta metadata, PodSpec spec, PodStatus status)
        implements Resource {

    public static final String API_VERSION = "v1";
    public static final String KIND = "Pod";

    /** apiVersion, kind and metadata are never null: absent ones take this kind's values. */
    public Pod {
        apiVersion = apiVersion == null ? API_VERSION : apiVersion;
        kind = kind == null ? KIND : kind;
        metadata = metadata == null ? ObjectMeta.EMPTY : metadata;
    }

    public static Pod of(ObjectMeta metadata, PodSpec spec) {
        return new Pod(null, null, metadata, spec, null);
    }

    @Override
    public Pod withMetadata(ObjectMeta v) {
        return new Pod(apiVersion, kind, v, spec, status);
    }

    public Pod withSpec(PodSpec v) {
        return new Pod(apiVersion, kind, metadata, v, status);
    }

    public Pod withStatus(PodStatus v) {
        return new Pod(apiVersion, kind, metadata, spec, v);
    }
}
