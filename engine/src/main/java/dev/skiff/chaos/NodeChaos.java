package dev.skiff.chaos;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.skiff.api.ObjectMeta;

/** The NodeChaos kind in {@code chaos.skiff.dev/v1alpha1}; see {@link NodeChaosSpec}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec", "status"})
public record NodeChaos(String apiVersion, String kind, ObjectMeta metadata, NodeChaosSpec spec, ChaosStatus status)
        implements Fault {

    public static final String API_VERSION = ChaosKinds.API_VERSION;
    public static final String KIND = "NodeChaos";

    /** apiVersion, kind and metadata are never null: absent ones take this kind's values. */
    public NodeChaos {
        apiVersion = apiVersion == null ? API_VERSION : apiVersion;
        kind = kind == null ? KIND : kind;
        metadata = metadata == null ? ObjectMeta.EMPTY : metadata;
    }

    public static NodeChaos of(ObjectMeta metadata, NodeChaosSpec spec) {
        return new NodeChaos(null, null, metadata, spec, null);
    }

    @Override
    public NodeChaos withMetadata(ObjectMeta v) {
        return new NodeChaos(apiVersion, kind, v, spec, status);
    }

    @Override
    public NodeChaos withStatus(ChaosStatus v) {
        return new NodeChaos(apiVersion, kind, metadata, spec, v);
    }
}
