package dev.skiff.client.admission;

import dev.skiff.api.Container;
import dev.skiff.api.Pod;
import dev.skiff.api.Quantity;
import dev.skiff.api.ResourceQuota;
import dev.skiff.api.ResourceQuotaStatus;
import dev.skiff.client.ApiException;
import dev.skiff.client.Client;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Checks a batch of writes against one quota and works out its raised usage. */
final class QuotaLedger {

    /** One write and what it adds to the namespace's usage. */
    record Charge(Write write, Map<String, Quantity> increase) {}

    private QuotaLedger() {
    }

    /**
     * The quota with its usage raised by {@code charges} (keeping its resourceVersion, the guard of
     * the write), or empty when none of them uses anything it caps.
     * @throws ApiException.Forbidden naming the first write that would go over
     */
    static Optional<ResourceQuota> charge(ResourceQuota quota, List<Charge> charges, Client reader) {
        Map<String, Quantity> hard = quota.spec() == null || quota.spec().hard() == null
                ? Map.of() : new TreeMap<>(quota.spec().hard());
        if (hard.isEmpty()) return Optional.empty();
        Map<String, Quantity> used = knownUsage(quota, hard.keySet());
        Set<String> unknown = new HashSet<>(hard.keySet());
        unknown.removeAll(used.keySet());
        // a quota the controller has not counted yet is counted here, under the same guard
        if (!unknown.isEmpty()) used.putAll(QuotaUsage.measure(reader, quota.namespace(), unknown));
        boolean changed = !unknown.isEmpty() || quota.status() == null || !hard.equals(quota.status().hard());
        for (Charge c : charges) {
            if (c.write().create() && c.write().object() instanceof Pod pod) requireSpecified(quota, pod, hard, c);
            Map<String, Quantity> d = new TreeMap<>(c.increase());
            d.keySet().retainAll(hard.keySet());
            if (d.isEmpty()) continue;
            List<String> over = d.keySet().stream()
                    .filter(r -> used.get(r).add(d.get(r)).compareTo(hard.get(r)) > 0).toList();
            if (!over.isEmpty()) {
                throw new ApiException.Forbidden(c.write().ref(), "exceeded quota: " + quota.name()
                        + ", requested: " + show(d, over) + ", used: " + show(used, over)
                        + ", limited: " + show(hard, over));
            }
            d.forEach((r, v) -> used.merge(r, v, Quantity::add));
            changed = true;
        }
        return changed ? Optional.of(quota.withStatus(new ResourceQuotaStatus(hard, used))) : Optional.empty();
    }

    private static Map<String, Quantity> knownUsage(ResourceQuota quota, Set<String> capped) {
        Map<String, Quantity> used = new TreeMap<>();
        if (quota.status() != null && quota.status().used() != null) used.putAll(quota.status().used());
        used.keySet().retainAll(capped);
        return used;
    }

    /**
     * Once cpu or memory is capped, every container must state it, or the quota could not be
     * kept ({@code failed quota: compute: must specify limits.cpu for: main}).
     */
    private static void requireSpecified(ResourceQuota quota, Pod pod, Map<String, Quantity> hard, Charge c) {
        Set<String> required = new HashSet<>(hard.keySet());
        required.retainAll(QuotaUsage.COMPUTE);
        if (required.isEmpty()) return;
        Map<String, Set<String>> missing = new TreeMap<>();
        for (Container container : PodResources.containers(pod)) {
            Set<String> stated = stated(container);
            for (String r : required) {
                if (!stated.contains(r)) missing.computeIfAbsent(r, k -> new TreeSet<>()).add(container.name());
            }
        }
        if (missing.isEmpty()) return;
        String detail = missing.entrySet().stream()
                .map(e -> e.getKey() + " for: " + String.join(",", e.getValue()))
                .collect(Collectors.joining("; "));
        throw new ApiException.Forbidden(c.write().ref(), "failed quota: " + quota.name() + ": must specify " + detail);
    }

    private static Set<String> stated(Container c) {
        Set<String> out = new HashSet<>();
        if (c.resources() == null) return out;
        if (c.resources().requests() != null) {
            c.resources().requests().keySet().forEach(k -> {
                out.add("requests." + k);
                out.add(k);
            });
        }
        if (c.resources().limits() != null) c.resources().limits().keySet().forEach(k -> out.add("limits." + k));
        return out;
    }

    /** Kubernetes' rendering: {@code requests.cpu=500m,requests.memory=1Gi}, sorted. */
    private static String show(Map<String, Quantity> values, List<String> names) {
        return names.stream().sorted().map(n -> n + "=" + values.get(n)).collect(Collectors.joining(","));
    }
}
