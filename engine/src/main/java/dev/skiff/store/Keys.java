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

    /** The smallest key greater than every key with this prefix; "\0" (= all keys) for the empty prefix. */
    public static byte[] prefixEnd(String prefix) {
        byte[] p = prefix.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = p.length - 1; i >= 0; i--) {
            if (p[i] != (byte) 0xff) {
                byte[] end = java.util.Arrays.copyOf(p, i + 1);
                end[i]++;
                return end;
            }
        }
        return new byte[] {0};
    }

    /** The first key strictly after {@code key}. */
    public static byte[] after(String key) {
        byte[] k = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return java.util.Arrays.copyOf(k, k.length + 1);
    }
}
