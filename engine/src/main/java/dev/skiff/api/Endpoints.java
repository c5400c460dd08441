package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** The ready and not-ready backends of a service, maintained by the endpoints controller. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "subsets"})
public record Endpoints(String apiVersion, String kind, ObjectMeta metadata, List<EndpointSubset> subsets) implements Resource {

    public static final String API_VERSION = "v1";
    public static final String KIND = "Endpoints";

    /** apiVersion, kind and metadata are never null: absent ones take this kind's values. */
    public Endpoints {
        apiVersion = apiVersion == null ? API_VERSION : apiVersion;
        kind = kind == null ? KIND : kind;
        metadata = metadata == null ? ObjectMeta.EMPTY : metadata;
    }

    @Override
    public Endpoints withMetadata(ObjectMeta v) {
        return new Endpoints(apiVersion, kind, v, subsets);
    }

    public Endpoints withSubsets(List<EndpointSubset> v) {
        return new Endpoints(apiVersion, kind, metadata, v);
    }
}
