package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The pod a ReplicaSet or Deployment stamps out. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PodTemplateSpec(ObjectMeta metadata, PodSpec spec) {

    public PodTemplateSpec withSpec(PodSpec v) {
        return new PodTemplateSpec(metadata, v);
    }

    public PodTemplateSpec withMetadata(ObjectMeta v) {
        return new PodTemplateSpec(v, spec);
    }
}
