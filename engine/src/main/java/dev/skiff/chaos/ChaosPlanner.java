package dev.skiff.chaos;

import dev.skiff.api.Namespace;
import dev.skiff.api.Node;
import dev.skiff.api.Pod;
import dev.skiff.api.ReplicaSet;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * Turns a fault and the cluster as seen into the targets it would hit and whether the blast
 * radius allows it. Pure: {@code chaos preview}, {@code --dry-run} and the controller all call it,
 * so a preview shows exactly the rule the controller applies (the random pick may differ).
 */
public final class ChaosPlanner {

    private ChaosPlanner() {
    }

    /** The cluster as the caller sees it. */
    public record World(Collection<Pod> pods, Collection<Namespace> namespaces, Collection<Node> nodes,
                        Collection<ReplicaSet> replicaSets) {
    }

    /**
     * The chosen targets; {@code matched} is how many the selector matched before the mode;
     * {@code refusal} says why the fault may not run (blast radius, nothing matched); {@code sources}
     * the sending-side pods of a NetworkChaos with {@code target.selector} (else empty).
     */
    public record Plan(List<ChaosTarget> targets, int matched, Optional<String> refusal, List<BlastRadius.Loss> losses,
                       List<ChaosSource> sources) {
        public boolean refused() {
            return refusal.isPresent();
        }
    }

    public static Plan plan(Fault fault, World world, RandomGenerator random) {
        FaultSpec spec = fault.spec();
        Map<String, Node> nodes = world.nodes().stream().collect(Collectors.toMap(Node::name, n -> n, (a, b) -> a));
        Set<String> protectedNs = Targets.protectedNamespaces(world.namespaces());
        Function<Pod, Optional<String>> workload = workloads(world);
        if (targetsNodes(fault)) {
            List<Node> matched = Targets.nodes(spec.selector(), world.nodes());
            List<Node> chosen = Targets.choose(matched, spec.mode(), spec.value(), random);
            Set<String> names = chosen.stream().map(Node::name).collect(Collectors.toSet());
            // a node-down or drain takes the node's pods with it; a stressed node keeps them running
            List<Pod> evicted = !(fault instanceof NodeChaos) ? List.of() : world.pods().stream().filter(Targets::live)
                    .filter(p -> !protectedNs.contains(p.namespace()))
                    .filter(p -> p.spec() != null && names.contains(p.spec().nodeName())).toList();
            List<ChaosTarget> targets = chosen.stream().map(n -> ChaosTarget.node(n.name())).toList();
            return decide(spec, targets, matched.size(), evicted, world, workload);
        }
        List<Pod> matched = Targets.pods(spec.selector(), fault.namespace(), world.pods(), nodes, protectedNs);
        List<Pod> chosen = Targets.choose(matched, spec.mode(), spec.value(), random);
        List<ChaosTarget> targets = chosen.stream().map(p -> ChaosTarget.pod(p.namespace(), p.name(),
                p.spec() == null ? null : p.spec().nodeName(), workload.apply(p).orElse(null))).toList();
        List<Pod> down = takesDown(fault) ? chosen : List.of();
        Plan plan = decide(spec, targets, matched.size(), down, world, workload);
        return fault instanceof NetworkChaos nc && sending(nc) ? withSources(plan, nc, world, nodes, protectedNs, random) : plan;
    }

    /** Whether a NetworkChaos has a sending side ({@code target.selector}): only those pods' traffic is hit. */
    public static boolean sending(NetworkChaos nc) {
        return nc.spec().target() != null && nc.spec().target().selector() != null;
    }

    /**
     * Resolves {@code target.selector} with {@code target.mode}/{@code value} as the targets are
     * resolved (same protected namespaces, same arithmetic). No source means no traffic to hit, so
     * the fault is refused rather than run as a no-op.
     */
    private static Plan withSources(Plan plan, NetworkChaos nc, World world, Map<String, Node> nodes,
                                    Set<String> protectedNs, RandomGenerator random) {
        NetworkChaosSpec.Target t = nc.spec().target();
        ChaosMode mode = t.mode() == null ? ChaosMode.ALL : t.mode();
        List<Pod> matched = Targets.pods(t.selector(), nc.namespace(), world.pods(), nodes, protectedNs);
        List<Pod> chosen = Targets.choose(matched, mode, t.value(), random);
        List<ChaosSource> sources = chosen.stream().map(p -> new ChaosSource(p.namespace(), p.name(),
                p.spec() == null ? null : p.spec().nodeName(), p.metadata().uid())).toList();
        Optional<String> refusal = plan.refusal();
        if (refusal.isEmpty() && matched.isEmpty()) {
            refusal = Optional.of("no sources: spec.target.selector matches no live pod outside protected namespaces");
        } else if (refusal.isEmpty() && sources.isEmpty()) {
            refusal = Optional.of("no sources: spec.target.mode " + mode + " with value " + t.value() + " picks 0 of "
                    + matched.size());
        }
        return new Plan(plan.targets(), plan.matched(), refusal, plan.losses(), sources);
    }

    /**
     * Whether the fault's targets are nodes rather than pods: a NodeChaos always; a StressChaos whose
     * selector names only nodes ({@code nodes}, {@code nodeSelectors}) stresses those nodes themselves.
     */
    public static boolean targetsNodes(Fault fault) {
        if (fault instanceof NodeChaos) return true;
        ChaosSelector s = fault.spec().selector();
        return fault instanceof StressChaos && s != null && s.namespaces().isEmpty() && s.labelSelectors().isEmpty()
                && s.expressionSelectors().isEmpty() && s.pods().isEmpty()
                && (!s.nodes().isEmpty() || !s.nodeSelectors().isEmpty());
    }

    /**
     * Whether the fault takes its pods out of service, so the blast radius counts them: every
     * PodChaos (killed, restarted or frozen), and a NetworkChaos that black-holes or resets all of
     * their traffic through services. A delay, a partial loss or a stress leaves them serving, and so
     * does any network fault with a sending side: only the source pods' traffic is hit.
     */
    static boolean takesDown(Fault fault) {
        if (fault instanceof PodChaos) return true;
        if (!(fault instanceof NetworkChaos nc) || nc.spec().action() == null || sending(nc)) return false;
        NetworkChaosSpec s = nc.spec();
        return switch (s.action()) {
            case PARTITION -> true;
            case LOSS -> s.loss() != null && whole(s.loss().loss());
            case RESET -> s.reset() != null && whole(s.reset().reset());
            case DELAY, BANDWIDTH -> false;
        };
    }

    private static boolean whole(String percent) {
        try {
            return NetworkUnits.share(percent) >= 1.0;
        } catch (IllegalArgumentException invalid) {
            return false; // validation reports it
        }
    }

    private static Plan decide(FaultSpec spec, List<ChaosTarget> targets, int matched, List<Pod> down, World world,
                               Function<Pod, Optional<String>> workload) {
        List<BlastRadius.Loss> losses = BlastRadius.losses(down, world.pods(), workload);
        Optional<String> refusal = Optional.empty();
        if (matched == 0) {
            refusal = Optional.of("no targets: the selector matches nothing outside protected namespaces"
                    + " (skiff-system and those labelled " + Targets.PROTECTED_LABEL + "=true)");
        } else if (targets.isEmpty()) {
            refusal = Optional.of("no targets: mode " + spec.mode() + " with value " + spec.value() + " picks 0 of "
                    + matched);
        } else if (!spec.forced()) {
            refusal = BlastRadius.violation(down, world.pods(), workload);
        }
        return new Plan(targets, matched, refusal, losses, List.of());
    }

    private static Function<Pod, Optional<String>> workloads(World world) {
        Map<String, ReplicaSet> byKey = world.replicaSets().stream()
                .collect(Collectors.toMap(rs -> rs.namespace() + "/" + rs.name(), rs -> rs, (a, b) -> a));
        return p -> Workloads.of(p, (ns, name) -> Optional.ofNullable(byKey.get(ns + "/" + name)));
    }
}
