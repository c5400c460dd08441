package dev.skiff.client;

import dev.skiff.api.Json;
import dev.skiff.api.Pod;
import dev.skiff.api.Resource;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * Which objects an {@link Informer} keeps: a cheap test on the stored JSON bytes that runs before
 * decoding ({@code mayMatch}, a necessary condition: false positives are fine, false negatives lose
 * objects), then the real test on the decoded object ({@code matches}). etcd has no field
 * selector, so a node agent still receives every pod event of the cluster; this lets it neither
 * decode nor keep the pods of other nodes.
 */
public record StoredFilter<T extends Resource>(Predicate<byte[]> mayMatch, Predicate<? super T> matches) {

    /** Pods whose {@code spec.nodeName} is {@code nodeName}: what a node agent runs. */
    public static StoredFilter<Pod> podsBoundTo(String nodeName) {
        // the stored JSON is written by Json's one mapper: compact, so the field reads exactly
        // "nodeName":<the name as that mapper quotes and escapes it>, wherever it sits in the spec
        byte[] needle = concat("\"nodeName\":".getBytes(StandardCharsets.UTF_8), Json.toJsonBytes(nodeName));
        return new StoredFilter<>(json -> indexOf(json, needle) >= 0,
                pod -> pod.spec() != null && nodeName.equals(pod.spec().nodeName()));
    }

    /** Every object: the informer's default. */
    public static <T extends Resource> StoredFilter<T> all() {
        return new StoredFilter<>(json -> true, obj -> true);
    }

    /** The first index of {@code needle} in {@code haystack}, or -1. */
    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
