package dev.skiff.chaos;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.skiff.api.ObjectMeta;

/** The StressChaos kind in {@code chaos.skiff.dev/v1alpha1}; see {@link StressChaosSpec}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec", "status"})
public record StressChaos(String apiVersion, String kind, ObjectMeta metadata, StressChaosSpec spec, ChaosStatus status)
        implements Fault {

    public static final String API_VERSION = ChaosKinds.API_VERSION;
    public static final String KIND = "StressChaos";

    /** apiVersion, kind and metadata are never null: absent ones take this kind's values. */
    public StressChaos {
        apiVersion = apiVersion == null ? API_VERSION : apiVersion;
        kind = kind == null ? KIND : kind;
        metadata = metadata == null ? ObjectMeta.EMPTY : metadata;
    }

    public static StressChaos of(ObjectMeta metadata, StressChaosSpec spec) {
        return new StressChaos(null, null, metadata, spec, null);
    }

    @Override
    public StressChaos withMetadata(ObjectMeta v) {
        return new StressChaos(apiVersion, kind, v, spec, status);
    }

    @Override
    public StressChaos withStatus(ChaosStatus v) {
        return new StressChaos(apiVersion, kind, metadata, spec, v);
    }
}
