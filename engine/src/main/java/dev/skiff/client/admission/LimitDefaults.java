package dev.skiff.client.admission;

import dev.skiff.api.Container;
import dev.skiff.api.LimitRangeItem;
import dev.skiff.api.LimitType;
import dev.skiff.api.Pod;
import dev.skiff.api.Quantity;
import dev.skiff.api.ResourceRequirements;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** Fills in container resources: from a LimitRange's defaults, or from the stored pod on update. */
final class LimitDefaults {

    private LimitDefaults() {
    }

    /**
     * On update, a container's resources that the new version leaves out are kept from the stored
     * pod: they were injected at admission (Kubernetes makes them immutable), so re-applying the
     * original manifest changes nothing.
     */
    static Pod keepStored(Pod pod, Pod stored) {
        return mapContainers(pod, stored, (c, old) -> old == null ? c : fill(c, old.resources()));
    }

    /** Containers new to the pod get every Container item's default limits and requests. */
    static Pod inject(Pod pod, Pod previous, List<LimitRangeItem> items) {
        return mapContainers(pod, previous, (c, old) -> {
            if (old != null) return c;
            Container out = c;
            for (LimitRangeItem item : items) {
                if (item.type() == LimitType.CONTAINER) {
                    out = fill(out, new ResourceRequirements(item.defaultLimits(), item.defaultRequest()));
                }
            }
            return out;
        });
    }

    /** Applies {@code f} to every container with its same-named counterpart in {@code other} (or null). */
    private static Pod mapContainers(Pod pod, Pod other, BiFunction<Container, Container, Container> f) {
        List<Container> init = map(pod.spec().initContainers(),
                other == null || other.spec() == null ? List.of() : other.spec().initContainersOrEmpty(), f);
        List<Container> main = map(pod.spec().containers(),
                other == null || other.spec() == null ? List.of() : other.spec().containersOrEmpty(), f);
        return pod.withSpec(pod.spec().withContainers(init, main));
    }

    private static List<Container> map(List<Container> cs, List<Container> others,
                                       BiFunction<Container, Container, Container> f) {
        if (cs == null) return null;
        return cs.stream().map(c -> f.apply(c, others.stream()
                .filter(o -> o.name() != null && o.name().equals(c.name())).findFirst().orElse(null))).toList();
    }

    /** Adds the limits and requests of {@code from} that {@code c} does not set itself. */
    private static Container fill(Container c, ResourceRequirements from) {
        if (from == null) return c;
        ResourceRequirements own = c.resources();
        Map<String, Quantity> limits = merged(own == null ? null : own.limits(), from.limits());
        Map<String, Quantity> requests = merged(own == null ? null : own.requests(), from.requests());
        if (limits == null && requests == null) return c;
        return c.withResources(new ResourceRequirements(limits, requests));
    }

    private static Map<String, Quantity> merged(Map<String, Quantity> own, Map<String, Quantity> extra) {
        if (extra == null || extra.isEmpty()) return own;
        Map<String, Quantity> out = own == null ? new LinkedHashMap<>() : new LinkedHashMap<>(own);
        extra.forEach(out::putIfAbsent);
        return out;
    }
}
