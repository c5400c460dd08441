package dev.skiff.controllers.gc;

import dev.skiff.api.KindInfo;
import dev.skiff.api.Kinds;
import dev.skiff.api.OwnerReference;
import dev.skiff.api.Resource;
import dev.skiff.controller.Request;
import java.util.Optional;

/**
 * One object of any kind. The collector's queue holds {@link Request}s (namespace + name), so the
 * kind travels in the name as {@code <resource>/<name>} — a slash never occurs in object names.
 */
record GcKey(KindInfo kind, String namespace, String name) {

    GcKey {
        namespace = kind.namespaced() ? (namespace == null ? "" : namespace) : "";
    }

    static GcKey of(Resource r) {
        KindInfo kind = Kinds.ofKind(r.apiVersion(), r.kind()).orElseThrow(() ->
                new IllegalArgumentException("unknown kind " + r.kind() + " in " + r.apiVersion()));
        return new GcKey(kind, r.namespace(), r.name());
    }

    /** The owner a reference names, resolved in the dependent's namespace; empty for an unknown kind. */
    static Optional<GcKey> owner(OwnerReference ref, String dependentNamespace) {
        return Kinds.ofKind(ref.apiVersion(), ref.kind()).map(k -> new GcKey(k, dependentNamespace, ref.name()));
    }

    static GcKey of(Request request) {
        String n = request.name();
        int slash = n.indexOf('/');
        KindInfo kind = Kinds.resolve(n.substring(0, slash)).orElseThrow(() ->
                new IllegalArgumentException("garbage collector request for an unknown kind: " + request));
        return new GcKey(kind, request.namespace(), n.substring(slash + 1));
    }

    Request request() {
        return Request.of(namespace, kind.resource() + "/" + name);
    }

    /** The namespace as the client and informers take it (null for cluster-scoped kinds). */
    String ns() {
        return kind.namespaced() ? namespace : null;
    }

    @Override
    public String toString() {
        return kind.resource() + " " + (namespace.isEmpty() ? "" : namespace + "/") + name;
    }
}
