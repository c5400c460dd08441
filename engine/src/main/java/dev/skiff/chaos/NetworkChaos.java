package dev.skiff.chaos;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.skiff.api.ObjectMeta;

/** The NetworkChaos kind in {@code chaos.skiff.dev/v1alpha1}; see {@link NetworkChaosSpec}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec", "status"})
public record NetworkChaos(String apiVersion, String kind, ObjectMeta metadata, NetworkChaosSpec spec, ChaosStatus status)
        implements Fault {

    public static final String API_VERSION = ChaosKinds.API_VERSION;
    public static final String KIND = "NetworkChaos";

    /** apiVersion, kind and metadata are never null: absent ones take this kind's values. */
    public NetworkChaos {
        apiVersion = apiVersion == null ? API_VERSION : apiVersion;
        kind = kind == null ? KIND : kind;
        metadata = metadata == null ? ObjectMeta.EMPTY : metadata;
    }

    public static NetworkChaos of(ObjectMeta metadata, NetworkChaosSpec spec) {
        return new NetworkChaos(null, null, metadata, spec, null);
    }

    @Override
    public NetworkChaos withMetadata(ObjectMeta v) {
        return new NetworkChaos(apiVersion, kind, v, spec, status);
    }

    @Override
    public NetworkChaos withStatus(ChaosStatus v) {
        return new NetworkChaos(apiVersion, kind, metadata, spec, v);
    }
}
