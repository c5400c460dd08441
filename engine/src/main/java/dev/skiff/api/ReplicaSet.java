package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Keeps a number of identical pods running. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec", "status"})
public record ReplicaSet(String apiVersion, String kind, ObjectMeta metadata, ReplicaSetSpec spec, ReplicaSetStatus status)
        implements Resource {

    public static final String API_VERSION = "apps/v1";
    public static final String KIND = "ReplicaSet";

    /** apiVersion, kind and metadata are never null: absent ones take this kind's values. */
    public ReplicaSet {
        apiVersion = apiVersion == null ? API_VERSION : apiVersion;
        kind = kind == null ? KIND : kind;
        metadata = metadata == null ? ObjectMeta.EMPTY : metadata;
    }

    public static ReplicaSet of(ObjectMeta metadata, ReplicaSetSpec spec) {
        return new ReplicaSet(null, null, metadata, spec, null);
    }

    @Override
    public ReplicaSet withMetadata(ObjectMeta v) {
        return new ReplicaSet(apiVersion, kind, v, spec, status);
    }

    public ReplicaSet withSpec(ReplicaSetSpec v) {
        return new ReplicaSet(apiVersion, kind, metadata, v, status);
    }

    public ReplicaSet withStatus(ReplicaSetStatus v) {
        return new ReplicaSet(apiVersion, kind, metadata, spec, v);
    }
}
