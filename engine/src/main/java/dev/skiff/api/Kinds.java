package dev.skiff.api;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of kinds. Built-in Kubernetes kinds are present from the start; other packages
 * (chaos) add theirs with {@link #register} at startup. Lookups are lock-free reads of an
 * immutable snapshot because the CLI completer and every store read call them.
 */
public final class Kinds {

    private static volatile Map<String, KindInfo> byName = Map.of();
    private static volatile List<KindInfo> all = List.of();

    static {
        register(new KindInfo("Deployment", "apps", "v1", "deployments", null, List.of("deploy"), true, Deployment.class));
        register(new KindInfo("ReplicaSet", "apps", "v1", "replicasets", null, List.of("rs"), true, ReplicaSet.class));
        register(new KindInfo("Pod", "", "v1", "pods", null, List.of("po"), true, Pod.class));
        register(new KindInfo("Service", "", "v1", "services", null, List.of("svc"), true, Service.class));
        register(new KindInfo("Endpoints", "", "v1", "endpoints", "endpoints", List.of("ep"), true, Endpoints.class));
        register(new KindInfo("ConfigMap", "", "v1", "configmaps", null, List.of("cm"), true, ConfigMap.class));
        register(new KindInfo("Secret", "", "v1", "secrets", null, List.of(), true, Secret.class));
        register(new KindInfo("Event", "", "v1", "events", null, List.of("ev"), true, Event.class));
        register(new KindInfo("ResourceQuota", "", "v1", "resourcequotas", null, List.of("quota"), true, ResourceQuota.class));
        register(new KindInfo("LimitRange", "", "v1", "limitranges", null, List.of("limits"), true, LimitRange.class));
        register(new KindInfo("Namespace", "", "v1", "namespaces", null, List.of("ns"), false, Namespace.class));
        register(new KindInfo("Node", "", "v1", "nodes", null, List.of("no"), false, Node.class));
    }

    private Kinds() {
    }

    /**
     * Adds a kind. Registering the same info twice is harmless; a name already taken by another
     * kind is refused, because resolve() would then be ambiguous.
     */
    public static synchronized void register(KindInfo info) {
        Map<String, KindInfo> next = new LinkedHashMap<>(byName);
        for (String name : info.names()) {
            KindInfo existing = next.get(name);
            if (existing != null && !existing.equals(info)) {
                throw new IllegalArgumentException("cannot register kind " + info.kind() + ": name \""
                        + name + "\" already belongs to " + existing.resource());
            }
            next.put(name, info);
        }
        // the kind is new unless its plural was taken (by an equal info: any other was refused above);
        // not all.contains(info): a record's first equals() costs a one-shot command ~0.1 s of bootstrap
        if (!byName.containsKey(info.names().getFirst())) {
            all = java.util.stream.Stream.concat(all.stream(), java.util.stream.Stream.of(info)).toList();
        }
        byName = Map.copyOf(next);
    }

    /**
     * Finds a kind by any name kubectl accepts, case-insensitively: {@code deployment},
     * {@code deployments}, {@code deploy}, {@code deployments.apps}, {@code Deployment}.
     */
    public static Optional<KindInfo> resolve(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(byName.get(name.trim().toLowerCase(Locale.ROOT)));
    }

    public static Optional<KindInfo> of(Class<? extends Resource> type) {
        return all.stream().filter(k -> k.type().equals(type)).findFirst();
    }

    /** The kind named in an object's {@code apiVersion} and {@code kind} fields. */
    public static Optional<KindInfo> ofKind(String apiVersion, String kind) {
        return all.stream().filter(k -> k.apiVersion().equals(apiVersion) && k.kind().equals(kind)).findFirst();
    }

    public static List<KindInfo> all() {
        return all;
    }

    /** Accepted names closest to a mistyped one, best first, for "did you mean". */
    public static List<String> suggest(String name) {
        if (name == null || name.isBlank()) {
            return List.of();
        }
        String typed = name.trim().toLowerCase(Locale.ROOT);
        int tolerance = Math.max(2, typed.length() / 3);
        return byName.keySet().stream()
                .map(n -> Map.entry(n, distance(typed, n)))
                .filter(e -> e.getValue() <= tolerance || e.getKey().startsWith(typed))
                .sorted(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue)
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey)
                .limit(3)
                .toList();
    }

    /** Levenshtein distance (also the CLI's "did you mean" for verbs); names are short so the quadratic table is fine. */
    public static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
