package dev.skiff.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the store, the CLI and the controllers need to know about a kind: its names as kubectl
 * accepts them, its API group/version, whether it lives in a namespace, and its Java record.
 * {@code group} is "" for the core group.
 */
public record KindInfo(String kind, String group, String version, String plural, String singular,
                       List<String> shortNames, boolean namespaced, Class<? extends Resource> type) {

    public KindInfo {
        Objects.requireNonNull(kind, "kind");
        group = group == null ? "" : group;
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(plural, "plural");
        singular = singular == null ? kind.toLowerCase(Locale.ROOT) : singular;
        shortNames = shortNames == null ? List.of() : List.copyOf(shortNames);
        Objects.requireNonNull(type, "type");
    }

    /** {@code apps/v1} or, for the core group, {@code v1}. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** kubectl's resource name: {@code deployments.apps}, or {@code pods} for the core group. */
    public String resource() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    /** Every lower-case name kubectl would accept for this kind, plural first. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        names.add(plural);
        names.add(singular);
        names.add(kind.toLowerCase(Locale.ROOT));
        names.addAll(shortNames);
        if (!group.isEmpty()) {
            names.add(plural + "." + group);
            names.add(singular + "." + group);
            names.add(plural + "." + version + "." + group);
        }
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).distinct().toList();
    }
}
