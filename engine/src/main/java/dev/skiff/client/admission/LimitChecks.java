package dev.skiff.client.admission;

import dev.skiff.api.Container;
import dev.skiff.api.LimitRangeItem;
import dev.skiff.api.LimitType;
import dev.skiff.api.Pod;
import dev.skiff.api.Quantity;
import dev.skiff.api.ResourceRequirements;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * LimitRange min / max / maxLimitRequestRatio, worded as Kubernetes' LimitRanger words them
 * ({@code maximum cpu usage per Container is 500m, but limit is 1}). On update only containers
 * whose resources changed are checked, so a pod admitted before a stricter range can still be bound.
 */
final class LimitChecks {

    private LimitChecks() {
    }

    static List<String> check(Pod pod, Pod previous, List<LimitRangeItem> items) {
        List<Container> all = containersOf(pod);
        List<Container> changed = all.stream().filter(c -> !sameResources(c, previous)).toList();
        List<String> problems = new ArrayList<>();
        for (LimitRangeItem item : items) {
            if (item.type() == LimitType.CONTAINER) {
                for (Container c : changed) problems.addAll(check(item, "Container", resources(c)));
            } else if (item.type() == LimitType.POD && !changed.isEmpty()) {
                problems.addAll(check(item, "Pod",
                        new ResourceRequirements(PodResources.limits(pod), PodResources.requests(pod))));
            }
        }
        return problems;
    }

    private static List<String> check(LimitRangeItem item, String per, ResourceRequirements r) {
        Map<String, Quantity> requests = r.requests() == null ? Map.of() : r.requests();
        Map<String, Quantity> limits = r.limits() == null ? Map.of() : r.limits();
        List<String> problems = new ArrayList<>();
        sorted(item.min()).forEach((name, min) -> min(name, per, min, requests.get(name), limits.get(name), problems));
        sorted(item.max()).forEach((name, max) -> max(name, per, max, requests.get(name), limits.get(name), problems));
        sorted(item.maxLimitRequestRatio()).forEach((name, ratio) ->
                ratio(name, per, ratio, requests.get(name), limits.get(name), problems));
        return problems;
    }

    private static void min(String name, String per, Quantity min, Quantity request, Quantity limit, List<String> out) {
        String prefix = "minimum " + name + " usage per " + per + " is " + min;
        if (request == null) out.add(prefix + ". No request is specified");
        else if (request.compareTo(min) < 0) out.add(prefix + ", but request is " + request);
        else if (limit != null && limit.compareTo(min) < 0) out.add(prefix + ", but limit is " + limit);
    }

    private static void max(String name, String per, Quantity max, Quantity request, Quantity limit, List<String> out) {
        String prefix = "maximum " + name + " usage per " + per + " is " + max;
        if (limit == null) out.add(prefix + ". No limit is specified");
        else if (limit.compareTo(max) > 0) out.add(prefix + ", but limit is " + limit);
        else if (request != null && request.compareTo(max) > 0) out.add(prefix + ", but request is " + request);
    }

    private static void ratio(String name, String per, Quantity ratio, Quantity request, Quantity limit, List<String> out) {
        String prefix = name + " max limit to request ratio per " + per + " is " + ratio;
        if (request == null || request.isZero()) {
            out.add(prefix + ", but no request is specified or request is 0");
        } else if (limit == null || limit.isZero()) {
            out.add(prefix + ", but no limit is specified or limit is 0");
        } else if (limit.amount().compareTo(ratio.amount().multiply(request.amount())) > 0) {
            BigDecimal observed = limit.amount().divide(request.amount(), MathContext.DECIMAL64);
            out.add(prefix + ", but provided ratio is " + String.format(Locale.ROOT, "%f", observed));
        }
    }

    /** Every container of {@code pod} is in {@code previous} under its name with the same resources. */
    static boolean sameResources(Pod pod, Pod previous) {
        return containersOf(pod).stream().allMatch(c -> sameResources(c, previous));
    }

    private static boolean sameResources(Container c, Pod previous) {
        if (previous == null || previous.spec() == null) return false;
        return containersOf(previous).stream().anyMatch(old -> Objects.equals(old.name(), c.name())
                && Objects.equals(resources(old), resources(c)));
    }

    private static List<Container> containersOf(Pod pod) {
        return PodResources.containers(pod);
    }

    private static ResourceRequirements resources(Container c) {
        return c.resources() == null ? new ResourceRequirements(null, null) : c.resources();
    }

    private static Map<String, Quantity> sorted(Map<String, Quantity> m) {
        return m == null ? Map.of() : new TreeMap<>(m);
    }
}
