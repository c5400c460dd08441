package dev.skiff.chaos;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.skiff.api.ObjectMeta;

/** The PodChaos kind in {@code chaos.skiff.dev/v1alpha1}; see {@link PodChaosSpec}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec", "status"})
public record PodChaos(String apiVersion, String kind, ObjectMeta metadata, PodChaosSpec spec, ChaosStatus status)
        implements Fault {

    public static final String API_VERSION = ChaosKinds.API_VERSION;
    public static final String KIND = "PodChaos";

    /** apiVersion, kind and metadata are never null: absent ones take this kind's values. */
    public PodChaos {
        apiVersion = apiVersion == null ? API_VERSION : apiVersion;
        kind = kind == null ? KIND : kind;
        metadata = metadata == null ? ObjectMeta.EMPTY : metadata;
    }

    public static PodChaos of(ObjectMeta metadata, PodChaosSpec spec) {
        return new PodChaos(null, null, metadata, spec, null);
    }

    @Override
    public PodChaos withMetadata(ObjectMeta v) {
        return new PodChaos(apiVersion, kind, v, spec, status);
    }

    @Override
    public PodChaos withStatus(ChaosStatus v) {
        return new PodChaos(apiVersion, kind, metadata, spec, v);
    }
}
