package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Declarative rollouts over ReplicaSets. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec", "status"})
public record Deployment(String apiVersion, String kind, ObjectMeta metadata, DeploymentSpec spec, DeploymentStatus status)
        implements Resource {

    public static final String API_VERSION = "apps/v1";
    public static final String KIND = "Deployment";

    /** apiVersion, kind and metadata are never null: absent ones take this kind's values. */
    public Deployment {
        apiVersion = apiVersion == null ? API_VERSION : apiVersion;
        kind = kind == null ? KIND : kind;
        metadata = metadata == null ? ObjectMeta.EMPTY : metadata;
    }

    public static Deployment of(ObjectMeta metadata, DeploymentSpec spec) {
        return new Deployment(null, null, metadata, spec, null);
    }

    @Override
    public Deployment withMetadata(ObjectMeta v) {
        return new Deployment(apiVersion, kind, v, spec, status);
    }

    public Deployment withSpec(DeploymentSpec v) {
        return new Deployment(apiVersion, kind, metadata, v, status);
    }

    public Deployment withStatus(DeploymentStatus v) {
        return new Deployment(apiVersion, kind, metadata, spec, v);
    }
}
