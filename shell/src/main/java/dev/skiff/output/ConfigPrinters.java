package dev.skiff.output;

import dev.skiff.api.ConfigMap;
import dev.skiff.api.LimitRange;
import dev.skiff.api.Namespace;
import dev.skiff.api.Quantity;
import dev.skiff.api.Resource;
import dev.skiff.api.ResourceQuota;
import dev.skiff.api.Secret;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The small kinds: namespaces, configmaps, secrets, quotas, limit ranges, and everything else. */
final class ConfigPrinters {
    private ConfigPrinters() {}

    static final KindPrinter<Namespace> NAMESPACES = KindPrinter.of(
            List.of(Column.of("NAME"), Column.status("STATUS"), Column.of("AGE")),
            (ns, now) -> List.of(ns.name(), ns.status() == null || ns.status().phase() == null ? "" : ns.status().phase(),
                    Age.since(ns.metadata().creationTimestamp(), now)));

    static final KindPrinter<ConfigMap> CONFIG_MAPS = KindPrinter.of(
            List.of(Column.of("NAME"), Column.of("DATA"), Column.of("AGE")),
            (cm, now) -> List.of(cm.name(), Integer.toString(size(cm.data()) + size(cm.binaryData())),
                    Age.since(cm.metadata().creationTimestamp(), now)));

    static final KindPrinter<Secret> SECRETS = KindPrinter.of(
            List.of(Column.of("NAME"), Column.of("TYPE"), Column.of("DATA"), Column.of("AGE")),
            (s, now) -> List.of(s.name(), s.type() == null ? Secret.OPAQUE : s.type(), Integer.toString(keys(s)),
                    Age.since(s.metadata().creationTimestamp(), now)));

    static final KindPrinter<ResourceQuota> QUOTAS = KindPrinter.of(
            List.of(Column.of("NAME"), Column.of("AGE"), Column.of("REQUEST"), Column.of("LIMIT")),
            (q, now) -> {
                List<String> both = quota(q);
                return List.of(q.name(), Age.since(q.metadata().creationTimestamp(), now), both.get(0), both.get(1));
            });

    static final KindPrinter<LimitRange> LIMIT_RANGES = KindPrinter.of(
            List.of(Column.of("NAME"), Column.of("CREATED AT")),
            (lr, now) -> List.of(lr.name(), Cells.timestamp(lr.metadata().creationTimestamp())));

    /** kubectl's table for kinds it has no printer for. */
    static final KindPrinter<Resource> GENERIC = KindPrinter.of(
            List.of(Column.of("NAME"), Column.of("AGE")),
            (r, now) -> List.of(r.name(), Age.since(r.metadata().creationTimestamp(), now)));

    private static int size(Map<?, ?> m) {
        return m == null ? 0 : m.size();
    }

    /** Keys in data and in not-yet-encoded stringData, each once (the server would merge them). */
    private static int keys(Secret s) {
        Set<String> keys = new HashSet<>();
        if (s.data() != null) keys.addAll(s.data().keySet());
        if (s.stringData() != null) keys.addAll(s.stringData().keySet());
        return keys.size();
    }

    /** {@code requests.cpu: 500m/2, pods: 3/10} and {@code limits.memory: 1Gi/2Gi}, from status. */
    private static List<String> quota(ResourceQuota q) {
        Map<String, Quantity> hard = q.status() == null || q.status().hard() == null
                ? Map.of() : new TreeMap<>(q.status().hard());
        Map<String, Quantity> used = q.status() == null || q.status().used() == null ? Map.of() : q.status().used();
        List<String> requests = new ArrayList<>();
        List<String> limits = new ArrayList<>();
        hard.forEach((name, limit) -> {
            String cell = name + ": " + used.getOrDefault(name, Quantity.ZERO) + "/" + limit;
            (name.startsWith("limits.") ? limits : requests).add(cell);
        });
        return List.of(String.join(", ", requests), String.join(", ", limits));
    }
}
