package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A machine running a Skiff agent. Liveness is a lease, not status writes. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec", "status"})
public record Node(String apiVersion, String kind, ObjectMeta metadata, NodeSpec spec, NodeStatus status)
        implements Resource {

    public static final String API_VERSION = "v1";
    public static final String KIND = "Node";

    /** apiVersion, kind and metadata are never null: absent ones take this kind's values. */
    public Node {
        apiVersion = apiVersion == null ? API_VERSION : apiVersion;
        kind = kind == null ? KIND : kind;
        metadata = metadata == null ? ObjectMeta.EMPTY : metadata;
    }

    public static Node of(ObjectMeta metadata, NodeSpec spec) {
        return new Node(null, null, metadata, spec, null);
    }

    @Override
    public Node withMetadata(ObjectMeta v) {
        return new Node(apiVersion, kind, v, spec, status);
    }

    public Node withSpec(NodeSpec v) {
        return new Node(apiVersion, kind, metadata, v, status);
    }

    public Node withStatus(NodeStatus v) {
        return new Node(apiVersion, kind, metadata, spec, v);
    }

    /** True when the Ready condition is True (as {@link PodStatus#ready()} is for pods). */
    public boolean ready() {
        return status != null && status.conditions() != null
                && status.conditions().stream().anyMatch(c -> "Ready".equals(c.type()) && c.statusTrue());
    }
}
