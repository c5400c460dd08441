package dev.skiff.client;

import dev.skiff.api.Json;
import dev.skiff.api.LabelSelector;
import dev.skiff.api.Pod;
import dev.skiff.api.Resource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Which objects a list or an {@link Informer} keeps, in two tests. First strings every kept object's stored
 * JSON contains ({@code contains}): a necessary condition (false positives are fine, false negatives lose
 * objects) that runs on the bytes before decoding, and that a list asks of the store too
 * ({@code ListOptions.valueContains}), which the embedded server applies and etcd ignores. Then the real test
 * on the decoded object ({@code matches}). etcd has no label index and no field selector: without the first
 * test a node agent would decode every pod of the cluster, and {@code get pods -l app=web7} all 5,000 pods to
 * show 100.
 */
public final class StoredFilter<T extends Resource> {

    private final List<String> contains;
    private final List<byte[]> needles;
    private final Predicate<? super T> matches;

    public StoredFilter(List<String> contains, Predicate<? super T> matches) {
        this.contains = List.copyOf(contains);
        this.needles = this.contains.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        this.matches = matches;
    }

    /** Pods whose {@code spec.nodeName} is {@code nodeName}: what a node agent runs. */
    public static StoredFilter<Pod> podsBoundTo(String nodeName) {
        // the stored JSON is written by Json's one mapper: compact, so the field reads exactly
        // "nodeName":<the name as that mapper quotes and escapes it>, wherever it sits in the spec
        String needle = "\"nodeName\":" + new String(Json.toJsonBytes(nodeName), StandardCharsets.UTF_8);
        return new StoredFilter<>(List.of(needle), pod -> pod.spec() != null && nodeName.equals(pod.spec().nodeName()));
    }

    /**
     * Objects whose labels match {@code selector} (null: every object). An object matching {@code app=web}
     * contains the JSON string {@code "web"} somewhere; only equalities narrow the first test.
     */
    public static <T extends Resource> StoredFilter<T> labelled(LabelSelector selector) {
        if (selector == null) return all();
        List<String> contains = new ArrayList<>();
        // label values are [A-Za-z0-9._-]: no JSON escaping can hide them
        for (String value : selector.matchLabels().values()) {
            if (!value.isEmpty()) contains.add("\"" + value + "\"");
        }
        return new StoredFilter<>(contains, item -> selector.matches(item.metadata().labelsOrEmpty()));
    }

    /** Every object: the informer's default. */
    public static <T extends Resource> StoredFilter<T> all() {
        return new StoredFilter<>(List.of(), obj -> true);
    }

    /** The strings every kept object's stored JSON contains. */
    public List<String> contains() {
        return contains;
    }

    /** False when the stored JSON cannot be of a kept object. */
    public boolean mayMatch(byte[] json) {
        for (byte[] needle : needles) {
            if (indexOf(json, needle) < 0) return false;
        }
        return true;
    }

    /** The real test, on the decoded object. */
    public boolean matches(T object) {
        return matches.test(object);
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
}
