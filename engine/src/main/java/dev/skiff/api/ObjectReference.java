package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A reference to any object: an event's involvedObject, an endpoint address' targetRef. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ObjectReference(String kind, String namespace, String name, String uid,
                              String apiVersion, String resourceVersion, String fieldPath) {

    public static ObjectReference to(Resource r) {
        ObjectMeta m = r.metadata();
        return new ObjectReference(r.kind(), m.namespace(), m.name(), m.uid(), r.apiVersion(),
                m.resourceVersion(), null);
    }
}
