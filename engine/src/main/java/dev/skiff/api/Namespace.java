package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A scope for names; deleting it deletes what it contains. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec", "status"})
public record Namespace(String apiVersion, String kind, ObjectMeta metadata, NamespaceSpec spec, NamespaceStatus status)
        implements Resource {

    public static final String API_VERSION = "v1";
    public static final String KIND = "Namespace";

    /** apiVersion, kind and metadata are never null: absent ones take this kind's values. */
    public Namespace {
        apiVersion = apiVersion == null ? API_VERSION : apiVersion;
        kind = kind == null ? KIND : kind;
        metadata = metadata == null ? ObjectMeta.EMPTY : metadata;
    }

    public static Namespace of(ObjectMeta metadata, NamespaceSpec spec) {
        return new Namespace(null, null, metadata, spec, null);
    }

    @Override
    public Namespace withMetadata(ObjectMeta v) {
        return new Namespace(apiVersion, kind, v, spec, status);
    }

    public Namespace withSpec(NamespaceSpec v) {
        return new Namespace(apiVersion, kind, metadata, v, status);
    }

    public Namespace withStatus(NamespaceStatus v) {
        return new Namespace(apiVersion, kind, metadata, spec, v);
    }
}
