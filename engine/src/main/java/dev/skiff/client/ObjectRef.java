package dev.skiff.client;

import dev.skiff.api.KindInfo;
import dev.skiff.api.Kinds;
import dev.skiff.api.Resource;
import dev.skiff.store.Keys;

/** Names one object: its kind, namespace ("" for cluster-scoped kinds) and name. */
public record ObjectRef(KindInfo kind, String namespace, String name) {

    public ObjectRef {
        namespace = kind.namespaced() ? (namespace == null || namespace.isEmpty() ? "default" : namespace) : "";
    }

    public static ObjectRef of(Resource r) {
        KindInfo kind = Kinds.ofKind(r.apiVersion(), r.kind()).orElseThrow(() -> new IllegalArgumentException(
                "unknown kind " + r.kind() + " in " + r.apiVersion()));
        return new ObjectRef(kind, r.namespace(), r.name());
    }

    public static ObjectRef of(Class<? extends Resource> type, String namespace, String name) {
        return new ObjectRef(kindOf(type), namespace, name);
    }

    static KindInfo kindOf(Class<? extends Resource> type) {
        return Kinds.of(type).orElseThrow(() -> new IllegalArgumentException(type + " is not a registered kind"));
    }

    /** The store key (DESIGN.md §2). */
    public String key() {
        return kind.namespaced() ? Keys.namespaced(kind.plural(), namespace, name) : Keys.clusterScoped(kind.plural(), name);
    }

    /** {@code deployment.apps/web}, as kubectl prints it after apply. */
    public String display() {
        return kind.singular() + (kind.group().isEmpty() ? "" : "." + kind.group()) + "/" + name;
    }

    /** {@code deployments.apps "web"}, as kubectl names an object in errors. */
    public String quoted() {
        return kind.resource() + " \"" + name + "\"";
    }
}
