package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A stable virtual address in front of the pods a selector picks. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec", "status"})
public record Service(String apiVersion, String kind, ObjectMeta metadata, ServiceSpec spec, ServiceStatus status)
        implements Resource {

    public static final String API_VERSION = "v1";
    public static final String KIND = "Service";

    /** apiVersion, kind and metadata are never null: absent ones take this kind's values. */
    public Service {
        apiVersion = apiVersion == null ? API_VERSION : apiVersion;
        kind = kind == null ? KIND : kind;
        metadata = metadata == null ? ObjectMeta.EMPTY : metadata;
    }

    public static Service of(ObjectMeta metadata, ServiceSpec spec) {
        return new Service(null, null, metadata, spec, null);
    }

    @Override
    public Service withMetadata(ObjectMeta v) {
        return new Service(apiVersion, kind, v, spec, status);
    }

    public Service withSpec(ServiceSpec v) {
        return new Service(apiVersion, kind, metadata, v, status);
    }

    public Service withStatus(ServiceStatus v) {
        return new Service(apiVersion, kind, metadata, spec, v);
    }
}
