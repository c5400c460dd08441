package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Points from a dependent to the object that owns it (garbage collection, controller ownership). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record OwnerReference(String apiVersion, String kind, String name, String uid,
                             Boolean controller, Boolean blockOwnerDeletion) {

    /** The reference a controller puts on what it creates: controller and blocking deletion. */
    public static OwnerReference controllerOf(Resource owner) {
        ObjectMeta m = owner.metadata();
        return new OwnerReference(owner.apiVersion(), owner.kind(), m.name(), m.uid(), true, true);
    }

    /** True when this reference marks the managing controller. */
    public boolean controls() {
        return Boolean.TRUE.equals(controller);
    }
}
