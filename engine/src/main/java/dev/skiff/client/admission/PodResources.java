package dev.skiff.client.admission;

import dev.skiff.api.Container;
import dev.skiff.api.Pod;
import dev.skiff.api.Quantity;
import dev.skiff.api.ResourceRequirements;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a whole pod requests or is limited to, as Kubernetes computes it: the sum over its
 * containers, raised to any single init container's value that is larger (init containers run
 * one at a time, before the others). A resource no container mentions is absent.
 */
public final class PodResources {

    private PodResources() {
    }

    public static Map<String, Quantity> requests(Pod pod) {
        return total(pod, ResourceRequirements::requests);
    }

    public static Map<String, Quantity> limits(Pod pod) {
        return total(pod, ResourceRequirements::limits);
    }

    private static Map<String, Quantity> total(Pod pod, Function<ResourceRequirements, Map<String, Quantity>> side) {
        Map<String, Quantity> sum = new HashMap<>();
        if (pod.spec() == null) return sum;
        for (Container c : pod.spec().containersOrEmpty()) {
            of(c, side).forEach((k, v) -> sum.merge(k, v, Quantity::add));
        }
        for (Container c : pod.spec().initContainersOrEmpty()) {
            of(c, side).forEach((k, v) -> sum.merge(k, v, (a, b) -> a.compareTo(b) >= 0 ? a : b));
        }
        return sum;
    }

    private static Map<String, Quantity> of(Container c, Function<ResourceRequirements, Map<String, Quantity>> side) {
        Map<String, Quantity> m = c.resources() == null ? null : side.apply(c.resources());
        return m == null ? Map.of() : m;
    }

    /** Init containers first, then the others: the order Kubernetes reports them in. */
    static List<Container> containers(Pod pod) {
        if (pod.spec() == null) return List.of();
        return java.util.stream.Stream.concat(pod.spec().initContainersOrEmpty().stream(),
                pod.spec().containersOrEmpty().stream()).toList();
    }
}
