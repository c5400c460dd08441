package dev.skiff.controller;

import java.util.Objects;

/**
 * What a reconciler is asked to look at: one object, by namespace and name. Deliberately carries
 * no event type or object body — reconcilers are level-triggered and read current state themselves.
 *
 * @param namespace the object's namespace, or "" for a cluster-scoped object
 * @param name      the object's name
 */
public record Request(String namespace, String name) {

    public Request {
        Objects.requireNonNull(namespace, "namespace (use \"\" for cluster-scoped objects)");
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a Request needs a name");
        }
    }

    public static Request of(String namespace, String name) {
        return new Request(namespace, name);
    }

    public static Request clusterScoped(String name) {
        return new Request("", name);
    }

    public boolean isClusterScoped() {
        return namespace.isEmpty();
    }

    /** kubectl's spelling: {@code ns/name}, or just {@code name} when cluster-scoped. */
    @Override
    public String toString() {
        return isClusterScoped() ? name : namespace + "/" + name;
    }
}
