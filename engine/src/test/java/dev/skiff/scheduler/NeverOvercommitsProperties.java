package dev.skiff.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Node;
import dev.skiff.api.Pod;
import dev.skiff.engine.EngineConfig.Scoring;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever the nodes, pods, over-commit ratios and scoring: scheduling pods one after another
 * (each decision seeing the previous ones) never lets requests on a node pass allocatable × ratio
 * nor its pod count pass its limit, and every pod refused really fitted nowhere.
 */
class NeverOvercommitsProperties {

    record NodeSpec(int milliCpu, int memoryMi, int pods) {}

    record PodReq(int milliCpu, int memoryMi) {}

    @Property(tries = 300)
    void requestsNeverExceedAllocatableTimesOvercommit(@ForAll("nodes") List<NodeSpec> nodes,
                                                       @ForAll("pods") List<PodReq> pods,
                                                       @ForAll("ratios") double cpuRatio,
                                                       @ForAll("ratios") double memoryRatio,
                                                       @ForAll Scoring scoring) {
        Policy policy = new Policy(scoring, Map.of("cpu", cpuRatio, "memory", memoryRatio));
        Scheduler scheduler = Scheduler.withPlugins(policy);
        List<Node> nodeObjects = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            NodeSpec n = nodes.get(i);
            nodeObjects.add(TestObjects.node("n" + i, n.milliCpu() + "m", n.memoryMi() + "Mi", "" + n.pods(), Map.of()));
        }
        ClusterSnapshot snapshot = ClusterSnapshot.of(nodeObjects, List.of());
        List<Pod> placed = new ArrayList<>();
        for (int i = 0; i < pods.size(); i++) {
            Pod pod = TestObjects.pod("p" + i, pods.get(i).milliCpu() + "m", pods.get(i).memoryMi() + "Mi");
            PodInfo info = PodInfo.of(pod);
            switch (scheduler.schedule(info, snapshot)) {
                case Placement.Placed p -> {
                    snapshot = snapshot.withPod(p.node(), info);
                    placed.add(TestObjects.bound(pod, p.node()));
                }
                case Placement.Unschedulable u -> assertFitsNowhere(info, snapshot, policy);
            }
        }
        Map<String, long[]> used = new HashMap<>();
        for (Pod p : placed) {
            long[] u = used.computeIfAbsent(p.spec().nodeName(), k -> new long[3]);
            PodInfo info = PodInfo.of(p);
            u[0] += info.requests().get("cpu");
            u[1] += info.requests().get("memory");
            u[2]++;
        }
        for (int i = 0; i < nodes.size(); i++) {
            long[] u = used.getOrDefault("n" + i, new long[3]);
            NodeSpec n = nodes.get(i);
            assertThat(u[0]).isLessThanOrEqualTo((long) Math.floor(n.milliCpu() * cpuRatio));
            assertThat(u[1]).isLessThanOrEqualTo((long) Math.floor(n.memoryMi() * 1024L * 1024 * 1000 * memoryRatio));
            assertThat(u[2]).isLessThanOrEqualTo(n.pods());
        }
        // the incremental snapshot agrees with one rebuilt from the bound pods
        assertThat(snapshot).isEqualTo(ClusterSnapshot.of(nodeObjects, placed));
    }

    private static void assertFitsNowhere(PodInfo pod, ClusterSnapshot snapshot, Policy policy) {
        for (NodeInfo n : snapshot.nodes()) {
            boolean cpu = n.requested().get("cpu") + pod.requests().get("cpu") <= policy.capacity(n, "cpu").orElseThrow();
            boolean mem = n.requested().get("memory") + pod.requests().get("memory")
                    <= policy.capacity(n, "memory").orElseThrow();
            boolean count = (n.podCount() + 1) * 1000L <= policy.capacity(n, "pods").orElseThrow();
            assertThat(cpu && mem && count).as("pod %s was refused but fits on %s", pod.key(), n.name()).isFalse();
        }
    }

    @Provide
    Arbitrary<List<NodeSpec>> nodes() {
        return Combinators.combine(Arbitraries.integers().between(500, 8000), Arbitraries.integers().between(256, 16384),
                Arbitraries.integers().between(1, 20)).as(NodeSpec::new).list().ofMinSize(0).ofMaxSize(8);
    }

    @Provide
    Arbitrary<List<PodReq>> pods() {
        return Combinators.combine(Arbitraries.integers().between(1, 3000), Arbitraries.integers().between(1, 4096))
                .as(PodReq::new).list().ofMaxSize(60);
    }

    @Provide
    Arbitrary<Double> ratios() {
        return Arbitraries.of(1.0, 1.25, 1.5, 2.0, 3.0);
    }
}
