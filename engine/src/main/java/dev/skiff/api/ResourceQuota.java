package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Hard caps on what a namespace may request and count. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec", "status"})
public record ResourceQuota(String apiVersion, String kind, ObjectMeta metadata, ResourceQuotaSpec spec, ResourceQuotaStatus status)
        implements Resource {

    public static final String API_VERSION = "v1";
    public static final String KIND = "ResourceQuota";

    /** apiVersion, kind and metadata are never null: absent ones take this kind's values. */
    public ResourceQuota {
        apiVersion = apiVersion == null ? API_VERSION : apiVersion;
        kind = kind == null ? KIND : kind;
        metadata = metadata == null ? ObjectMeta.EMPTY : metadata;
    }

    public static ResourceQuota of(ObjectMeta metadata, ResourceQuotaSpec spec) {
        return new ResourceQuota(null, null, metadata, spec, null);
    }

    @Override
    public ResourceQuota withMetadata(ObjectMeta v) {
        return new ResourceQuota(apiVersion, kind, v, spec, status);
    }

    public ResourceQuota withSpec(ResourceQuotaSpec v) {
        return new ResourceQuota(apiVersion, kind, metadata, v, status);
    }

    public ResourceQuota withStatus(ResourceQuotaStatus v) {
        return new ResourceQuota(apiVersion, kind, metadata, spec, v);
    }
}
