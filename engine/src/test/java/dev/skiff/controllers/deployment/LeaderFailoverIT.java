package dev.skiff.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.Pod;
import dev.skiff.api.ReplicaSet;
import dev.skiff.controllers.WorkloadCluster;
import dev.skiff.controllers.replicaset.Pods;
import dev.skiff.engine.Engine;
import dev.skiff.store.EtcdProcess;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import dev.skiff.store.StoreConfig;
import dev.skiff.testing.HollowNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two engines on one etcd; the leader dies mid-rollout; the standby finishes it cleanly. */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class LeaderFailoverIT {

    @Test
    void standbyFinishesARolloutTheDeadLeaderStarted() {
        try (EtcdProcess etcd = EtcdProcess.start();
             WorkloadCluster c = WorkloadCluster.withoutEngine(etcd.endpoint(), "failover")) {
            Store leaderStore = EtcdStore.connect(StoreConfig.of(List.of(etcd.endpoint())));
            Store standbyStore = EtcdStore.connect(StoreConfig.of(List.of(etcd.endpoint())));
            c.closeLater(standbyStore);
            Engine first = c.startEngine(leaderStore, "first");
            await().atMost(30, TimeUnit.SECONDS).until(() -> first.isLeader() && first.manager().isRunning());
            Engine second = c.startEngine(standbyStore, "second");
            HollowNode n = c.node("n1");
            int replicas = 20;
            // minReadySeconds 1 makes each step of the rollout wait, so it is still under way when we strike
            c.deployment("web", replicas, "web:1", n, WorkloadCluster.rolling("25%", "25%"), null, null, 1);
            c.awaitRolledOut("web", "web:1", replicas, Duration.ofSeconds(60));
            DeploymentIT.BoundsWatch watch = DeploymentIT.BoundsWatch.start(c, "web");
            c.closeLater(watch);

            c.setImage("web", "web:2", null);
            await().atMost(30, TimeUnit.SECONDS).until(() -> {
                long updated = c.livePods("web").stream()
                        .filter(p -> p.spec().containers().getFirst().image().equals("web:2")).count();
                return updated > 0 && updated < replicas;
            });
            leaderStore.close(); // the leader's machine drops off: no resign, its lease just runs out
            await().atMost(30, TimeUnit.SECONDS).until(() -> second.isLeader() && second.manager().isRunning());
            assertThat(first.isLeader()).isFalse();

            c.awaitRolledOut("web", "web:2", replicas, Duration.ofSeconds(90));
            List<ReplicaSet> sets = c.replicaSets("web");
            assertThat(sets).hasSize(2);
            Set<String> setUids = sets.stream().map(rs -> rs.metadata().uid()).collect(Collectors.toSet());
            ReplicaSet current = sets.stream().filter(rs -> rs.spec().replicas() == replicas).findFirst().orElseThrow();
            List<Pod> pods = c.pods("web");
            assertThat(pods).hasSize(replicas)
                    .allMatch(p -> Pods.controlledBy(p, current.metadata().uid()), "owned by the new ReplicaSet");
            assertThat(c.client.list(Pod.class, c.ns).items())
                    .allMatch(p -> Pods.controllerOf(p).map(ref -> setUids.contains(ref.uid())).orElse(false),
                            "no orphaned pod");
            assertThat(watch.maxLive.get()).isLessThanOrEqualTo(replicas + 5);
            assertThat(watch.minAvailable.get()).isGreaterThanOrEqualTo(replicas - 5);
            assertThat(c.replicaSets("web").stream().map(rs -> rs.metadata().labels().get(TemplateHash.LABEL)))
                    .doesNotHaveDuplicates();
            assertThat(Map.of("revision", c.get("web").metadata().annotations().get(Revisions.REVISION)))
                    .containsEntry("revision", "2");
        }
    }
}
