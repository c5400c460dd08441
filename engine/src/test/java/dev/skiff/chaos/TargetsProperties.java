package dev.skiff.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Namespace;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.OwnerReference;
import dev.skiff.api.Pod;
import dev.skiff.api.PodSpec;
import dev.skiff.api.Container;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class TargetsProperties {

    @Property
    void modesPickExactlyChaosMeshsCount(@ForAll @IntRange(min = 0, max = 60) int n, @ForAll ChaosMode mode,
                                         @ForAll @IntRange(min = 0, max = 100) int value, @ForAll long seed) {
        if (mode == ChaosMode.FIXED && value == 0) value = 1;
        if (mode == ChaosMode.FIXED_PERCENT && value == 0) value = 1;
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < n; i++) candidates.add(i);
        List<Integer> chosen = Targets.choose(candidates, mode, Integer.toString(value), new Random(seed));

        assertThat(new HashSet<>(chosen)).hasSize(chosen.size());
        assertThat(candidates).containsAll(chosen);
        int expected = switch (mode) {
            case ONE -> Math.min(1, n);
            case ALL -> n;
            case FIXED -> Math.min(value, n);
            case FIXED_PERCENT -> n * value / 100;
            case RANDOM_MAX_PERCENT -> -1;
        };
        if (expected >= 0) assertThat(chosen).hasSize(expected);
        else assertThat(chosen.size()).isBetween(0, n * value / 100);
    }

    @Property
    void blastRadiusNeverLetsAWholeWorkloadGo(@ForAll @Size(min = 1, max = 6) List<@IntRange(min = 1, max = 5) Integer> replicas,
                                              @ForAll ChaosMode mode, @ForAll @IntRange(min = 1, max = 100) int value,
                                              @ForAll long seed) {
        List<Pod> all = new ArrayList<>();
        for (int w = 0; w < replicas.size(); w++) {
            for (int r = 0; r < replicas.get(w); r++) all.add(pod("apps", "w" + w + "-" + r, "w" + w));
        }
        all.add(pod("apps", "bare", null));
        List<Pod> chosen = Targets.choose(all, mode, Integer.toString(value), new Random(seed));
        Optional<String> violation = BlastRadius.violation(chosen, all, TargetsProperties::workload);

        Map<String, Long> hit = chosen.stream().filter(p -> workload(p).isPresent())
                .collect(Collectors.groupingBy(p -> workload(p).get(), Collectors.counting()));
        boolean wipesOne = hit.entrySet().stream().anyMatch(e -> e.getValue() >= replicas.get(Integer.parseInt(e.getKey().substring(1))));
        assertThat(violation.isPresent()).isEqualTo(wipesOne);
        if (violation.isEmpty()) {
            hit.forEach((w, k) -> assertThat(k).isLessThan(replicas.get(Integer.parseInt(w.substring(1)))));
        }
    }

    @Property
    void protectedNamespacesNeverYieldTargets(@ForAll @Size(max = 20) List<@IntRange(min = 0, max = 3) Integer> placement) {
        List<String> namespaces = List.of("skiff-system", "vault", "apps", "web");
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < placement.size(); i++) pods.add(pod(namespaces.get(placement.get(i)), "p" + i, null));
        List<Namespace> ns = List.of(new Namespace(null, null, ObjectMeta.named("vault").withLabels(
                Map.of(Targets.PROTECTED_LABEL, "true")), null, null));
        ChaosSelector everywhere = new ChaosSelector(namespaces, null, null, null, null, null);
        List<Pod> found = Targets.pods(everywhere, "apps", pods, Map.of(), Targets.protectedNamespaces(ns));
        assertThat(found).noneMatch(p -> Set.of("skiff-system", "vault").contains(p.namespace()));
        assertThat(found).hasSize((int) pods.stream().filter(p -> Set.of("apps", "web").contains(p.namespace())).count());
    }

    private static Optional<String> workload(Pod p) {
        var refs = p.metadata().ownerReferences();
        return refs == null ? Optional.empty() : Optional.of(refs.getFirst().name());
    }

    private static Pod pod(String ns, String name, String owner) {
        ObjectMeta m = ObjectMeta.named(ns, name).withLabels(Map.of("app", "x"));
        if (owner != null) {
            m = m.withOwnerReferences(List.of(new OwnerReference("apps/v1", "ReplicaSet", owner, "uid-" + owner, true, true)));
        }
        return Pod.of(m, PodSpec.of(Container.of("c", "i")));
    }
}
