package dev.skiff.store;

import java.util.Objects;

/**
 * The key layout: {@code /registry/<plural>/<namespace>/<name>} for namespaced kinds and
 * {@code /registry/<plural>/<name>} for cluster-scoped ones. List prefixes always end with
 * {@code /} so that namespace {@code default} never matches {@code default2}.
 */
public final class Keys {

    public static final String ROOT = "/registry/";

    private Keys() {}

    public static String namespaced(String plural, String namespace, String name) {
        return ROOT + segment(plural, "plural") + "/" + segment(namespace, "namespace") + "/" + segment(name, "name");
    }

    public static String clusterScoped(String plural, String name) {
        return ROOT + segment(plural, "plural") + "/" + segment(name, "name");
    }

    /** Prefix of every object of a namespaced kind in one namespace. */
    public static String inNamespace(String plural, String namespace) {
        return ROOT + segment(plural, "plural") + "/" + segment(namespace, "namespace") + "/";
    }

    /** Prefix of every object of a kind (all namespaces, or the whole cluster-scoped kind). */
    public static String ofKind(String plural) {
        return ROOT + segment(plural, "plural") + "/";
    }

    /** The last path segment: the object's name. */
    public static String nameOf(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    private static String segment(String s, String what) {
        Objects.requireNonNull(s, what);
        if (s.isEmpty() || s.indexOf('/') >= 0) {
            throw new IllegalArgumentException(what + " must be non-empty and contain no '/': '" + s + "'");
        }
        return s;
    }
}
