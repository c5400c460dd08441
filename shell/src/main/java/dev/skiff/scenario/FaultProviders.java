package dev.skiff.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.api.FieldError;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.StructuralBinder;
import dev.skiff.chaos.Fault;
import dev.skiff.chaos.NetworkChaos;
import dev.skiff.chaos.NetworkChaosSpec;
import dev.skiff.chaos.NodeChaos;
import dev.skiff.chaos.NodeChaosSpec;
import dev.skiff.chaos.PodChaos;
import dev.skiff.chaos.PodChaosSpec;
import dev.skiff.chaos.StressChaos;
import dev.skiff.chaos.StressChaosSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The fault kinds as action providers: {@code type: pod-kill} and the rest of the provider are the
 * fault's spec (selector, mode, value, duration, …, exactly as in a PodChaos), bound and validated
 * by the same code as {@code apply -f}; {@code namespace} says where the fault object lives.
 */
final class FaultProviders {

    private record Kind(Class<?> specType, String action, BiFunction<ObjectMeta, Object, Fault> make) {
    }

    private static final Map<String, Kind> TYPES = new LinkedHashMap<>();

    static {
        for (String a : List.of("pod-kill", "container-kill", "pod-failure")) {
            TYPES.put(a, new Kind(PodChaosSpec.class, a, (m, s) -> PodChaos.of(m, (PodChaosSpec) s)));
        }
        for (String a : List.of("node-down", "node-drain")) {
            TYPES.put(a, new Kind(NodeChaosSpec.class, a, (m, s) -> NodeChaos.of(m, (NodeChaosSpec) s)));
        }
        for (String a : List.of("delay", "loss", "reset", "bandwidth", "partition")) {
            Kind k = new Kind(NetworkChaosSpec.class, a, (m, s) -> NetworkChaos.of(m, (NetworkChaosSpec) s));
            TYPES.put("network-" + a, k);
        }
        TYPES.put("stress", new Kind(StressChaosSpec.class, null, (m, s) -> StressChaos.of(m, (StressChaosSpec) s)));
    }

    private FaultProviders() {
    }

    static boolean isFault(String type) {
        return TYPES.containsKey(type);
    }

    static List<String> types() {
        return List.copyOf(TYPES.keySet());
    }

    /** The fault, or empty after adding each problem (paths relative to the provider) to {@code errors}. */
    static Optional<Fault> build(String type, ObjectNode provider, String namespace, String stepName, List<FieldError> errors) {
        Kind kind = TYPES.get(type);
        ObjectNode spec = provider.deepCopy();
        spec.remove(List.of("type", "namespace"));
        if (kind.action() != null) spec.put("action", kind.action());
        if (!spec.has("mode")) spec.put("mode", "one");
        List<FieldError> found = new ArrayList<>();
        Object bound = new StructuralBinder().bind(spec, kind.specType(), found);
        if (bound == null) {
            errors.addAll(found);
            return Optional.empty();
        }
        ObjectMeta meta = new ObjectMeta(null, slug(stepName) + "-", namespace, null, null, null, null, null, null, null,
                null, null, null);
        Fault fault = kind.make().apply(meta, bound);
        for (FieldError e : fault.problems()) {
            errors.add(new FieldError(e.path().startsWith("spec.") ? e.path().substring(5) : e.path(), e.message()));
        }
        return errors.isEmpty() ? Optional.of(fault) : Optional.empty();
    }

    private static String slug(String name) {
        String s = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (s.length() > 40) s = s.substring(0, 40).replaceAll("-+$", "");
        return s.isEmpty() ? "scenario" : s;
    }
}
