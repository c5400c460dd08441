package dev.skiff.chaos;

import dev.skiff.api.Namespace;
import dev.skiff.api.Node;
import dev.skiff.api.Pod;
import dev.skiff.api.PodPhase;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Target selection, pure: which pods or nodes a selector matches, and how many of them a mode
 * picks — exactly Chaos Mesh's arithmetic: {@code one} = 1, {@code all} = n, {@code fixed} =
 * min(value, n), {@code fixed-percent} = floor(n × value / 100), {@code random-max-percent} =
 * floor(n × p / 100) for p drawn uniformly from 0..value. Namespaces {@code skiff-system} and those
 * labelled {@value #PROTECTED_LABEL}{@code =true} never yield targets.
 */
public final class Targets {

    public static final String PROTECTED_LABEL = "chaos.skiff.dev/protected";
    public static final Set<String> ALWAYS_PROTECTED = Set.of("skiff-system");

    private Targets() {
    }

    /** The namespaces no fault may touch. */
    public static Set<String> protectedNamespaces(Collection<Namespace> namespaces) {
        Set<String> out = new HashSet<>(ALWAYS_PROTECTED);
        for (Namespace ns : namespaces) {
            if ("true".equals(ns.metadata().labelsOrEmpty().get(PROTECTED_LABEL))) out.add(ns.name());
        }
        return out;
    }

    /**
     * Live pods the selector matches, in namespace/name order; pods in protected namespaces,
     * being deleted, or finished are never candidates.
     */
    public static List<Pod> pods(ChaosSelector s, String faultNamespace, Collection<Pod> pods,
                                 Map<String, Node> nodes, Set<String> protectedNamespaces) {
        List<Pod> out = new ArrayList<>();
        for (Pod p : pods) {
            if (protectedNamespaces.contains(p.namespace()) || !live(p)) continue;
            if (matches(s, faultNamespace, p, nodes)) out.add(p);
        }
        out.sort(Comparator.comparing(Pod::namespace).thenComparing(Pod::name));
        return out;
    }

    /** Nodes named by {@code nodes} and/or carrying {@code nodeSelectors}, by name. */
    public static List<Node> nodes(ChaosSelector s, Collection<Node> nodes) {
        return nodes.stream()
                .filter(n -> s.nodes().isEmpty() || s.nodes().contains(n.name()))
                .filter(n -> s.nodeSelectors().isEmpty() || s.nodeLabelSelector().matches(n.metadata().labelsOrEmpty()))
                .sorted(Comparator.comparing(Node::name))
                .toList();
    }

    static boolean matches(ChaosSelector s, String faultNamespace, Pod p, Map<String, Node> nodes) {
        if (!s.pods().isEmpty()) {
            List<String> names = s.pods().get(p.namespace());
            if (names == null || !names.contains(p.name())) return false;
        } else {
            List<String> namespaces = s.namespaces().isEmpty() ? List.of(faultNamespace) : s.namespaces();
            if (!namespaces.contains(p.namespace())) return false;
        }
        if (!s.labelSelector().matches(p.metadata().labelsOrEmpty())) return false;
        String nodeName = p.spec() == null ? null : p.spec().nodeName();
        if (!s.nodes().isEmpty() && !s.nodes().contains(nodeName)) return false;
        if (!s.nodeSelectors().isEmpty()) {
            Node node = nodeName == null ? null : nodes.get(nodeName);
            return node != null && s.nodeLabelSelector().matches(node.metadata().labelsOrEmpty());
        }
        return true;
    }

    static boolean live(Pod p) {
        if (p.metadata().deletionTimestamp() != null) return false;
        PodPhase phase = p.status() == null ? null : p.status().phase();
        return phase != PodPhase.SUCCEEDED && phase != PodPhase.FAILED;
    }

    /**
     * How many of {@code n} candidates the mode picks. {@code value} must have passed validation.
     * @throws IllegalArgumentException when value is missing or malformed
     */
    public static int count(ChaosMode mode, String value, int n, RandomGenerator random) {
        if (n <= 0) return 0;
        return switch (mode) {
            case ONE -> 1;
            case ALL -> n;
            case FIXED -> Math.min(number(value), n);
            case FIXED_PERCENT -> (int) Math.floor(n * number(value) / 100.0);
            case RANDOM_MAX_PERCENT -> (int) Math.floor(n * random.nextInt(number(value) + 1) / 100.0);
        };
    }

    /** A uniformly random subset of {@link #count} candidates, kept in candidate order. */
    public static <T> List<T> choose(List<T> candidates, ChaosMode mode, String value, RandomGenerator random) {
        int k = count(mode, value, candidates.size(), random);
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) idx.add(i);
        // partial Fisher-Yates: the first k positions are a uniform sample
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(idx.size() - i);
            Integer t = idx.get(i);
            idx.set(i, idx.get(j));
            idx.set(j, t);
        }
        return idx.subList(0, k).stream().sorted().map(candidates::get).toList();
    }

    private static int number(String value) {
        if (value == null) throw new IllegalArgumentException("this mode needs a value");
        return Integer.parseInt(value.trim());
    }
}
