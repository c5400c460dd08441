package dev.skiff.scheduler;

import static dev.skiff.scheduler.TestObjects.bound;
import static dev.skiff.scheduler.TestObjects.node;
import static dev.skiff.scheduler.TestObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Pod;
import dev.skiff.api.PodPhase;
import dev.skiff.api.PodStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulerCacheTest {

    private final Scheduler scheduler = Scheduler.withPlugins(Policy.DEFAULT);

    private static long cpuOn(SchedulerCache cache, String node) {
        return cache.snapshot().node(node).orElseThrow().requested().get("cpu");
    }

    @Test
    void anAssumedPodCountsAtOnceAndOnlyOnceWhenTheInformerConfirmsIt() {
        SchedulerCache cache = new SchedulerCache();
        cache.setNode(node("a", "2", "4Gi"));
        Pod p = pod("p", "1500m", "1Gi");
        Placement first = cache.decide(PodInfo.of(p), scheduler);
        assertThat(first).isInstanceOf(Placement.Placed.class);
        assertThat(cache.isAssumed("default/p")).isTrue();
        // before any informer news, a second pod already sees the first one's share taken
        assertThat(cache.decide(PodInfo.of(pod("q", "1", "1Gi")), scheduler))
                .isInstanceOf(Placement.Unschedulable.class);
        // a stale, unbound view of p must not cancel the bind in flight
        cache.observePod(p);
        assertThat(cpuOn(cache, "a")).isEqualTo(1500);
        cache.observePod(bound(p, "a"));
        assertThat(cache.isAssumed("default/p")).isFalse();
        assertThat(cpuOn(cache, "a")).isEqualTo(1500);
        cache.forget("default/p"); // confirmed placements are not forgotten
        assertThat(cpuOn(cache, "a")).isEqualTo(1500);
        assertThat(cache.drainParked()).containsExactly("default/q");
    }

    @Test
    void forgettingAFailedBindOrAFinishedPodFreesTheRoom() {
        SchedulerCache cache = new SchedulerCache();
        cache.setNode(node("a", "2", "4Gi"));
        cache.decide(PodInfo.of(pod("p", "1", "1Gi")), scheduler);
        cache.forget("default/p");
        assertThat(cpuOn(cache, "a")).isZero();
        Pod done = bound(pod("d", "2", "1Gi"), "a");
        cache.observePod(done);
        assertThat(cpuOn(cache, "a")).isEqualTo(2000);
        cache.observePod(done.withStatus(new PodStatus(PodPhase.SUCCEEDED, null, null, null, null, null, null, null,
                null, null, null, null)));
        assertThat(cpuOn(cache, "a")).isZero();
    }

    @Test
    void podsOfANodeThatArrivesLaterAreCountedOnIt() {
        SchedulerCache cache = new SchedulerCache();
        cache.observePod(bound(pod("early", "1", "1Gi"), "late"));
        cache.setNode(node("late", "4", "8Gi"));
        assertThat(cpuOn(cache, "late")).isEqualTo(1000);
        assertThat(cache.snapshot().nodes()).extracting(NodeInfo::name).isEqualTo(List.of("late"));
    }

    @Test
    void theSnapshotIsInNameOrderAndTakenAgainOnlyAfterAChange() {
        SchedulerCache cache = new SchedulerCache();
        cache.setNode(node("c", "2", "4Gi"));
        cache.setNode(node("a", "2", "4Gi"));
        cache.setNode(node("b", "2", "4Gi"));
        ClusterSnapshot before = cache.snapshot();
        assertThat(before.nodes()).extracting(NodeInfo::name).containsExactly("a", "b", "c");
        assertThat(cache.snapshot()).isSameAs(before);
        Placement placed = cache.decide(PodInfo.of(pod("p", "1", "1Gi")), scheduler);
        String node = ((Placement.Placed) placed).node();
        ClusterSnapshot after = cache.snapshot();
        assertThat(after.node(node).orElseThrow().requested().get("cpu")).isEqualTo(1000);
        assertThat(before.node(node).orElseThrow().requested().get("cpu")).isZero(); // snapshots never change
        cache.removeNode("b");
        assertThat(cache.snapshot().nodes()).extracting(NodeInfo::name).doesNotContain("b");
        cache.observePod(bound(pod("q", "1", "1Gi"), "a"));
        assertThat(cpuOn(cache, "a")).isEqualTo(node.equals("a") ? 2000 : 1000);
    }
}
