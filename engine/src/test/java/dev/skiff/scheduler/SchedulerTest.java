package dev.skiff.scheduler;

import static dev.skiff.scheduler.TestObjects.bound;
import static dev.skiff.scheduler.TestObjects.cordoned;
import static dev.skiff.scheduler.TestObjects.node;
import static dev.skiff.scheduler.TestObjects.pod;
import static dev.skiff.scheduler.TestObjects.tainted;
import static dev.skiff.scheduler.TestObjects.withHostPort;
import static dev.skiff.scheduler.TestObjects.withReady;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Affinity;
import dev.skiff.api.Node;
import dev.skiff.api.NodeAffinity;
import dev.skiff.api.NodeSelector;
import dev.skiff.api.NodeSelectorOperator;
import dev.skiff.api.NodeSelectorRequirement;
import dev.skiff.api.NodeSelectorTerm;
import dev.skiff.api.Pod;
import dev.skiff.api.PodSpec;
import dev.skiff.api.PreferredSchedulingTerm;
import dev.skiff.api.Taint;
import dev.skiff.api.TaintEffect;
import dev.skiff.api.Toleration;
import dev.skiff.api.TolerationOperator;
import dev.skiff.engine.EngineConfig.Scoring;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchedulerTest {

    private final Scheduler spread = Scheduler.withPlugins(Policy.DEFAULT);
    private final Scheduler binPack = Scheduler.withPlugins(Policy.DEFAULT.withScoring(Scoring.MOST_ALLOCATED));

    private static String placedOn(Placement p) {
        assertThat(p).isInstanceOf(Placement.Placed.class);
        return ((Placement.Placed) p).node();
    }

    private static String message(Placement p) {
        assertThat(p).isInstanceOf(Placement.Unschedulable.class);
        return ((Placement.Unschedulable) p).message();
    }

    // ---- the seed's three promises

    @Test
    void bestFitMostAllocatedPicksTheFullestNodeThatStillFits() {
        ClusterSnapshot cluster = ClusterSnapshot.of(
                List.of(node("empty", "4", "8Gi"), node("half", "4", "8Gi"), node("full", "4", "8Gi")),
                List.of(bound(pod("a", "2", "4Gi"), "half"), bound(pod("b", "3500m", "7Gi"), "full")));
        // 1 cpu does not fit on "full" (500m free); of the rest, "half" is fuller
        assertThat(placedOn(binPack.schedule(pod("new", "1", "1Gi"), cluster))).isEqualTo("half");
        // a small pod fits everywhere: bin-packing puts it on the fullest
        assertThat(placedOn(binPack.schedule(pod("tiny", "100m", "100Mi"), cluster))).isEqualTo("full");
        // spreading (the default) puts it on the emptiest
        assertThat(placedOn(spread.schedule(pod("tiny", "100m", "100Mi"), cluster))).isEqualTo("empty");
    }

    @Test
    void overCommitLetsRequestsReachTheRatioTimesAllocatableAndNoFurther() {
        ClusterSnapshot cluster = ClusterSnapshot.of(List.of(node("n1", "2", "4Gi")),
                List.of(bound(pod("a", "2", "1Gi"), "n1")));
        Pod more = pod("more", "1500m", "1Gi");
        assertThat(message(spread.schedule(more, cluster)))
                .isEqualTo("0/1 nodes are available: 1 Insufficient cpu.");
        Scheduler doubled = Scheduler.withPlugins(Policy.DEFAULT.withOvercommit(Map.of("cpu", 2.0)));
        assertThat(placedOn(doubled.schedule(more, cluster))).isEqualTo("n1");
        ClusterSnapshot fuller = cluster.withPod("n1", PodInfo.of(more));
        assertThat(placedOn(doubled.schedule(pod("last", "500m", "1Gi"), fuller))).isEqualTo("n1");
        assertThat(message(doubled.schedule(pod("over", "1m", "1Gi"), fuller.withPod("n1",
                PodInfo.of(pod("last", "500m", "1Gi"))))))
                .isEqualTo("0/1 nodes are available: 1 Insufficient cpu.");
        // memory was not over-committed
        assertThat(message(doubled.schedule(pod("mem", "1m", "3500Mi"), cluster)))
                .isEqualTo("0/1 nodes are available: 1 Insufficient memory.");
    }

    @Test
    void aPluginRegisteredOnTheClassPathChangesPlacements() {
        assertThat(spread.pluginNames()).contains("PinnedNode", "Quarantine");
        Scheduler builtInOnly = new Scheduler(
                spread.filters().stream().filter(f -> !(f instanceof QuarantineFilter)).toList(),
                spread.scorers().stream().filter(s -> !(s instanceof PinnedNodePlugin)).toList(), Policy.DEFAULT);
        ClusterSnapshot cluster = ClusterSnapshot.of(List.of(node("a", "4", "8Gi"), node("b", "4", "8Gi"),
                        node("q", "64", "256Gi", "110", Map.of(QuarantineFilter.LABEL, "true"))),
                List.of(bound(pod("busy", "3", "6Gi"), "b")));
        Pod pinned = pod("pinned", "100m", "100Mi");
        pinned = pinned.withMetadata(pinned.metadata().withAnnotations(Map.of(PinnedNodePlugin.ANNOTATION, "b")));
        assertThat(placedOn(builtInOnly.schedule(pinned, cluster))).isEqualTo("q");
        assertThat(placedOn(spread.schedule(pinned, cluster))).isEqualTo("b");
        assertThat(message(spread.schedule(pod("huge", "8", "1Gi"), cluster)))
                .isEqualTo("0/3 nodes are available: 1 node(s) were quarantined, 2 Insufficient cpu.");
    }

    // ---- filters and their Kubernetes wording

    @Test
    void unschedulableMessageCountsIdenticalReasonsAndSortsThemAsKubernetesDoes() {
        ClusterSnapshot cluster = ClusterSnapshot.of(
                List.of(node("a", "1", "8Gi"), node("b", "1", "8Gi"), cordoned(node("c", "8", "8Gi"))), List.of());
        assertThat(message(spread.schedule(pod("big", "2", "1Gi"), cluster)))
                .isEqualTo("0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu.");
        assertThat(message(spread.schedule(pod("big", "2", "9Gi"), cluster)))
                .isEqualTo("0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu, "
                        + "2 Insufficient memory.");
        assertThat(message(spread.schedule(pod("x", "1", "1Gi"), ClusterSnapshot.EMPTY)))
                .isEqualTo("no nodes available to schedule pods");
    }

    @Test
    void aNodeThatIsNotReadyIsReportedWithTheTaintKubernetesWouldHaveAdded() {
        Taint unreachable = new Taint("node.kubernetes.io/unreachable", null, TaintEffect.NO_EXECUTE, null);
        ClusterSnapshot cluster = ClusterSnapshot.of(List.of(
                tainted(withReady(node("lost", "8", "8Gi"), "Unknown"), unreachable),
                withReady(node("fresh", "8", "8Gi"), "Unknown"),
                withReady(node("sick", "8", "8Gi"), "False")), List.of());
        assertThat(message(spread.schedule(pod("p", "1", "1Gi"), cluster))).isEqualTo(
                "0/3 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, "
                        + "2 node(s) had untolerated taint {node.kubernetes.io/unreachable: }.");
        Pod tolerant = pod("t", "1", "1Gi");
        tolerant = tolerant.withSpec(tolerant.spec().withTolerations(List.of(
                new Toleration(null, TolerationOperator.EXISTS, null, null, null))));
        assertThat(spread.schedule(tolerant, cluster)).isInstanceOf(Placement.Placed.class);
    }

    @Test
    void taintsKeepOutPodsThatDoNotTolerateThemAndPreferNoScheduleOnlyLowersTheScore() {
        Taint gpu = new Taint("gpu", "true", TaintEffect.NO_SCHEDULE, null);
        Taint meh = new Taint("meh", null, TaintEffect.PREFER_NO_SCHEDULE, null);
        ClusterSnapshot cluster = ClusterSnapshot.of(List.of(tainted(node("g", "8", "8Gi"), gpu),
                tainted(node("m", "8", "8Gi"), meh)), List.of());
        // the PreferNoSchedule node is the only one left: it is used
        assertThat(placedOn(spread.schedule(pod("p", "1", "1Gi"), cluster))).isEqualTo("m");
        Pod gpuPod = pod("gpu", "1", "1Gi");
        gpuPod = gpuPod.withSpec(gpuPod.spec().withTolerations(List.of(
                new Toleration("gpu", TolerationOperator.EQUAL, "true", TaintEffect.NO_SCHEDULE, null))));
        // both fit; the untolerated PreferNoSchedule taint steers it to g
        assertThat(placedOn(spread.schedule(gpuPod, cluster))).isEqualTo("g");
        Pod wrongValue = gpuPod.withSpec(gpuPod.spec().withTolerations(List.of(
                new Toleration("gpu", TolerationOperator.EQUAL, "false", null, null))));
        ClusterSnapshot onlyGpu = ClusterSnapshot.of(List.of(tainted(node("g", "8", "8Gi"), gpu)), List.of());
        assertThat(message(spread.schedule(wrongValue, onlyGpu)))
                .isEqualTo("0/1 nodes are available: 1 node(s) had untolerated taint {gpu: true}.");
    }

    @Test
    void nodeSelectorAndRequiredAffinityFilterAndPreferredAffinityScores() {
        ClusterSnapshot cluster = ClusterSnapshot.of(List.of(
                node("pi1", "4", "8Gi", "110", Map.of("arch", "arm64", "disk", "ssd")),
                node("pi2", "4", "8Gi", "110", Map.of("arch", "arm64", "disk", "sd")),
                node("x86", "4", "8Gi", "110", Map.of("arch", "amd64"))), List.of());
        Pod arm = withSpec(pod("arm", "1", "1Gi"), s -> new PodSpec(s.volumes(), s.initContainers(), s.containers(),
                null, null, null, Map.of("arch", "arm64"), null, null, null, null,
                new Affinity(new NodeAffinity(null, List.of(new PreferredSchedulingTerm(50,
                        term("disk", NodeSelectorOperator.IN, "ssd"))))), null, null, null, null, null));
        assertThat(placedOn(spread.schedule(arm, cluster))).isEqualTo("pi1");
        Pod notArm = withSpec(pod("x", "1", "1Gi"), s -> new PodSpec(s.volumes(), s.initContainers(),
                s.containers(), null, null, null, null, null, null, null, null,
                new Affinity(new NodeAffinity(new NodeSelector(List.of(
                        term("arch", NodeSelectorOperator.NOT_IN, "arm64"))), null)),
                null, null, null, null, null));
        assertThat(placedOn(spread.schedule(notArm, cluster))).isEqualTo("x86");
        Pod nowhere = withSpec(pod("n", "1", "1Gi"), s -> new PodSpec(s.volumes(), s.initContainers(),
                s.containers(), null, null, null, Map.of("arch", "riscv"), null, null, null, null, null, null, null,
                null, null, null));
        assertThat(message(spread.schedule(nowhere, cluster)))
                .isEqualTo("0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.");
    }

    @Test
    void hostPortsConflictAndPodCountIsLimited() {
        ClusterSnapshot cluster = ClusterSnapshot.of(List.of(node("a", "8", "8Gi"), node("b", "8", "8Gi", "1", Map.of())),
                List.of(bound(withHostPort(pod("web", "100m", "10Mi"), 80), "a"), bound(pod("one", "100m", "10Mi"), "b")));
        assertThat(message(spread.schedule(withHostPort(pod("web2", "100m", "10Mi"), 80), cluster))).isEqualTo(
                "0/2 nodes are available: 1 Too many pods, 1 node(s) didn't have free ports for the requested pod ports.");
        assertThat(placedOn(spread.schedule(withHostPort(pod("web3", "100m", "10Mi"), 81), cluster))).isEqualTo("a");
    }

    @Test
    void equalNodesAreChosenByTheNameHashSoIdenticalPodsSpreadButRepeatTheSameAnswer() {
        ClusterSnapshot cluster = ClusterSnapshot.of(List.of(node("a", "4", "8Gi"), node("b", "4", "8Gi"),
                node("c", "4", "8Gi"), node("d", "4", "8Gi")), List.of());
        Set<String> chosen = new HashSet<>();
        for (int i = 0; i < 20; i++) chosen.add(placedOn(spread.schedule(pod("web-" + i, "1", "1Gi"), cluster)));
        assertThat(chosen).hasSizeGreaterThan(2);
        assertThat(placedOn(spread.schedule(pod("web-7", "1", "1Gi"), cluster)))
                .isEqualTo(placedOn(spread.schedule(pod("web-7", "1", "1Gi"), cluster)));
    }

    @Test
    void placedCarriesTheScoreDetails() {
        ClusterSnapshot cluster = ClusterSnapshot.of(List.of(node("a", "4", "8Gi")), List.of());
        Placement.Placed p = (Placement.Placed) spread.schedule(pod("p", "1", "2Gi"), cluster);
        assertThat(p.scores()).containsKeys("NodeResourcesFit", "TaintToleration", "NodeAffinity");
        assertThat(p.scores().get("NodeResourcesFit")).isEqualTo(75L);
        assertThat(p.feasible()).isEqualTo(1);
    }

    private static NodeSelectorTerm term(String key, NodeSelectorOperator op, String value) {
        return new NodeSelectorTerm(List.of(new NodeSelectorRequirement(key, op, List.of(value))), null);
    }

    private static Pod withSpec(Pod p, java.util.function.UnaryOperator<PodSpec> f) {
        return p.withSpec(f.apply(p.spec()));
    }

}
