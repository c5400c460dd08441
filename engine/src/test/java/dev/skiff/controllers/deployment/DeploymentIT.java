package dev.skiff.controllers.deployment;

import static dev.skiff.controllers.WorkloadCluster.recreate;
import static dev.skiff.controllers.WorkloadCluster.rolling;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.Condition;
import dev.skiff.api.Deployment;
import dev.skiff.api.Event;
import dev.skiff.api.LabelSelector;
import dev.skiff.api.Pod;
import dev.skiff.api.ReplicaSet;
import dev.skiff.client.Informer;
import dev.skiff.client.ResourceHandler;
import dev.skiff.controllers.WorkloadCluster;
import dev.skiff.controllers.replicaset.Pods;
import dev.skiff.store.EtcdProcess;
import dev.skiff.testing.HollowNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DeploymentIT {

    private static EtcdProcess etcd;

    @BeforeAll
    static void startEtcd() {
        etcd = EtcdProcess.start();
    }

    @AfterAll
    static void stopEtcd() {
        etcd.close();
    }

    private static final Duration ROLLOUT = Duration.ofSeconds(60);

    @Test
    void createsReplicaSetAndPodsThenScalesUpAndDown() {
        try (WorkloadCluster c = WorkloadCluster.start(etcd.endpoint(), "create")) {
            HollowNode n = c.node("n1");
            c.deployment("web", 3, "web:1", n, null, null, null);
            c.awaitRolledOut("web", "web:1", 3, ROLLOUT);

            List<ReplicaSet> sets = c.replicaSets("web");
            assertThat(sets).hasSize(1);
            ReplicaSet rs = sets.getFirst();
            String hash = rs.metadata().labels().get(TemplateHash.LABEL);
            assertThat(rs.name()).isEqualTo("web-" + hash);
            assertThat(rs.metadata().annotations()).containsEntry(Revisions.REVISION, "1");
            assertThat(rs.metadata().ownerReferences()).singleElement()
                    .satisfies(ref -> assertThat(ref.controls()).isTrue());
            for (Pod p : c.pods("web")) {
                assertThat(p.name()).matches("web-" + hash + "-[bcdfghjklmnpqrstvwxz2456789]{5}");
                assertThat(p.metadata().labels()).containsEntry(TemplateHash.LABEL, hash);
                assertThat(Pods.controlledBy(p, rs.metadata().uid())).isTrue();
            }
            Deployment d = c.get("web");
            assertThat(d.metadata().annotations()).containsEntry(Revisions.REVISION, "1");
            assertThat(condition(d, "Available").reason()).isEqualTo("MinimumReplicasAvailable");
            assertThat(condition(d, "Progressing").reason()).isEqualTo("NewReplicaSetAvailable");
            assertThat(d.status().replicas()).isEqualTo(3);
            assertThat(d.status().readyReplicas()).isEqualTo(3);
            await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
                ReplicaSet now = c.client.require(ReplicaSet.class, c.ns, rs.name());
                assertThat(now.status().readyReplicas()).isEqualTo(3);
                assertThat(now.status().availableReplicas()).isEqualTo(3);
                assertThat(now.status().fullyLabeledReplicas()).isEqualTo(3);
                assertThat(now.status().observedGeneration()).isEqualTo(now.metadata().generation());
            });

            c.scale("web", 7);
            c.awaitRolledOut("web", "web:1", 7, ROLLOUT);
            c.scale("web", 2);
            c.awaitRolledOut("web", "web:1", 2, ROLLOUT);
            assertThat(c.replicaSets("web")).hasSize(1);
            await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(
                    c.client.list(Event.class, c.ns).items().stream().map(Event::message).toList())
                    .contains("Scaled up replica set " + rs.name() + " to 3",
                            "Scaled up replica set " + rs.name() + " to 7",
                            "Scaled down replica set " + rs.name() + " to 2"));
        }
    }

    @Test
    void rollingUpdateStaysWithinSurgeAndUnavailabilityThroughout() {
        try (WorkloadCluster c = WorkloadCluster.start(etcd.endpoint(), "rolling")) {
            HollowNode n = c.node("n1");
            int replicas = 10;
            c.deployment("api", replicas, "api:1", n, rolling("30%", "20%"), null, null); // surge 3, unavailable 2
            c.awaitRolledOut("api", "api:1", replicas, ROLLOUT);

            BoundsWatch watch = BoundsWatch.start(c, "api");
            c.setImage("api", "api:2", null);
            c.awaitRolledOut("api", "api:2", replicas, ROLLOUT);
            watch.close();
            assertThat(watch.maxLive.get()).as("most live pods at once").isLessThanOrEqualTo(replicas + 3)
                    .isGreaterThan(replicas);
            assertThat(watch.minAvailable.get()).as("fewest available pods at once").isGreaterThanOrEqualTo(replicas - 2);
            assertThat(watch.violations).isEmpty();
            assertThat(c.get("api").metadata().annotations()).containsEntry(Revisions.REVISION, "2");
            List<ReplicaSet> sets = c.replicaSets("api");
            assertThat(sets).hasSize(2);
            assertThat(sets).filteredOn(rs -> rs.spec().replicas() == 0).hasSize(1);
        }
    }

    @Test
    void recreateStopsEveryOldPodBeforeStartingNewOnes() {
        try (WorkloadCluster c = WorkloadCluster.start(etcd.endpoint(), "recreate")) {
            HollowNode n = c.node("n1");
            c.deployment("db", 3, "db:1", n, recreate(), null, null);
            c.awaitRolledOut("db", "db:1", 3, ROLLOUT);
            List<String> mixed = new CopyOnWriteArrayList<>();
            Informer<Pod> inf = new Informer<>(c.client, Pod.class, c.ns);
            inf.addHandler(onChange(() -> {
                if (!inf.hasSynced()) return;
                Set<String> images = inf.list(c.ns, LabelSelector.of(Map.of("app", "db"))).stream()
                        .map(p -> p.spec().containers().getFirst().image()).collect(Collectors.toSet());
                if (images.size() > 1) mixed.add(images.toString());
            })).start();
            c.closeLater(inf);
            c.setImage("db", "db:2", null);
            c.awaitRolledOut("db", "db:2", 3, ROLLOUT);
            assertThat(mixed).as("moments with old and new pods at once").isEmpty();
        }
    }

    @Test
    void pausedDeploymentDoesNotRollOutUntilResumed() {
        try (WorkloadCluster c = WorkloadCluster.start(etcd.endpoint(), "pause")) {
            HollowNode n = c.node("n1");
            c.deployment("web", 2, "web:1", n, null, null, 2);
            c.awaitRolledOut("web", "web:1", 2, ROLLOUT);
            Rollouts.pause(c.client, c.ns, "web");
            await().atMost(10, TimeUnit.SECONDS).until(() ->
                    "DeploymentPaused".equals(condition(c.get("web"), "Progressing").reason()));
            c.setImage("web", "web:2", null);
            c.scale("web", 3); // scaling still works while paused
            await().atMost(20, TimeUnit.SECONDS).until(() -> c.livePods("web").size() == 3);
            sleep(Duration.ofSeconds(3)); // longer than the 2 s progress deadline: the clock is stopped
            assertThat(c.replicaSets("web")).hasSize(1);
            assertThat(c.livePods("web")).allMatch(p -> p.spec().containers().getFirst().image().equals("web:1"));
            assertThat(condition(c.get("web"), "Progressing").reason()).isEqualTo("DeploymentPaused");

            Rollouts.resume(c.client, c.ns, "web");
            c.awaitRolledOut("web", "web:2", 3, ROLLOUT);
            assertThat(condition(c.get("web"), "Progressing").reason()).isEqualTo("NewReplicaSetAvailable");
        }
    }

    @Test
    void undoRollsBackToAnEarlierRevisionWhichBecomesTheNewest() {
        try (WorkloadCluster c = WorkloadCluster.start(etcd.endpoint(), "undo")) {
            HollowNode n = c.node("n1");
            c.deployment("web", 2, "web:1", n, null, null, null);
            c.awaitRolledOut("web", "web:1", 2, ROLLOUT);
            c.setImage("web", "web:2", null);
            c.awaitRolledOut("web", "web:2", 2, ROLLOUT);
            Rollouts.restart(c.client, c.ns, "web");
            await().atMost(ROLLOUT).until(() -> "3".equals(c.get("web").metadata().annotations().get(Revisions.REVISION)));
            c.awaitRolledOut("web", "web:2", 2, ROLLOUT);
            assertThat(Rollouts.history(c.client, c.ns, "web")).extracting(Rollouts.Revision::number)
                    .containsExactly(1L, 2L, 3L);

            assertThatThrownBy(() -> Rollouts.undo(c.client, c.ns, "web", 9))
                    .isInstanceOf(RolloutException.class)
                    .hasMessageContaining("no revision 9").hasMessageContaining("known revisions: 1, 2, 3");
            Rollouts.undo(c.client, c.ns, "web", 1);
            c.awaitRolledOut("web", "web:1", 2, ROLLOUT);
            await().atMost(10, TimeUnit.SECONDS).until(() ->
                    "4".equals(c.get("web").metadata().annotations().get(Revisions.REVISION)));
            assertThat(Rollouts.history(c.client, c.ns, "web")).extracting(Rollouts.Revision::number)
                    .containsExactly(2L, 3L, 4L);
            assertThat(c.replicaSets("web")).hasSize(3); // revision 1's ReplicaSet was reused, not copied

            Rollouts.undo(c.client, c.ns, "web", 0); // back to the previous one: the restarted web:2
            await().atMost(ROLLOUT).until(() -> "5".equals(c.get("web").metadata().annotations().get(Revisions.REVISION)));
            c.awaitRolledOut("web", "web:2", 2, ROLLOUT);
            assertThat(Rollouts.restartedAt(c.get("web"))).isPresent();
        }
    }

    @Test
    void oldEmptyReplicaSetsBeyondTheHistoryLimitAreDeleted() {
        try (WorkloadCluster c = WorkloadCluster.start(etcd.endpoint(), "history")) {
            HollowNode n = c.node("n1");
            c.deployment("web", 1, "web:1", n, null, 1, null);
            for (int v = 1; v <= 4; v++) {
                if (v > 1) c.setImage("web", "web:" + v, null);
                c.awaitRolledOut("web", "web:" + v, 1, ROLLOUT);
            }
            await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> assertThat(c.replicaSets("web"))
                    .extracting(Revisions::of).containsExactlyInAnyOrder(3L, 4L));
        }
    }

    @Test
    void progressDeadlineExceededWhenNewPodsNeverBecomeReady() {
        try (WorkloadCluster c = WorkloadCluster.start(etcd.endpoint(), "deadline")) {
            HollowNode good = c.node("good");
            HollowNode bad = c.node("bad");
            bad.podsReady(false);
            c.deployment("web", 4, "web:1", good, null, null, 3);
            c.awaitRolledOut("web", "web:1", 4, ROLLOUT);
            c.setImage("web", "web:2", bad);
            await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
                Condition p = condition(c.get("web"), "Progressing");
                assertThat(p.status()).isEqualTo("False");
                assertThat(p.reason()).isEqualTo("ProgressDeadlineExceeded");
                assertThat(p.message()).contains("has timed out progressing");
            });
            Deployment d = c.get("web");
            // the rollout stopped where maxUnavailable (25% of 4 = 1) let it: 3 old pods still serve
            assertThat(d.status().availableReplicas()).isEqualTo(3);
            assertThat(condition(d, "Available").status()).isEqualTo("True");
        }
    }

    // ---- helpers

    static Condition condition(Deployment d, String type) {
        Condition c = RolloutStatus.find(d.status(), type);
        assertThat(c).as(type + " condition of " + d.name()).isNotNull();
        return c;
    }

    static ResourceHandler<Pod> onChange(Runnable r) {
        return new ResourceHandler<>() {
            @Override
            public void onAdd(Pod o) {
                r.run();
            }

            @Override
            public void onUpdate(Pod p, Pod o) {
                r.run();
            }

            @Override
            public void onDelete(Pod o) {
                r.run();
            }
        };
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Checks every pod change, in store order, for live (not terminating) and available pods. */
    static final class BoundsWatch implements AutoCloseable {
        final AtomicInteger maxLive = new AtomicInteger();
        final AtomicInteger minAvailable = new AtomicInteger(Integer.MAX_VALUE);
        final List<String> violations = new CopyOnWriteArrayList<>();
        private final Informer<Pod> informer;

        private BoundsWatch(Informer<Pod> informer) {
            this.informer = informer;
        }

        static BoundsWatch start(WorkloadCluster c, String app) {
            Informer<Pod> inf = new Informer<>(c.client, Pod.class, c.ns);
            BoundsWatch w = new BoundsWatch(inf);
            inf.addHandler(onChange(() -> {
                if (!inf.hasSynced()) return; // the first listing fills the cache one pod at a time
                List<Pod> live = inf.list(c.ns, LabelSelector.of(Map.of("app", app))).stream()
                        .filter(Pods::active).toList();
                w.maxLive.accumulateAndGet(live.size(), Math::max);
                w.minAvailable.accumulateAndGet((int) live.stream().filter(Pods::ready).count(), Math::min);
            }));
            inf.start();
            inf.awaitSynced(Duration.ofSeconds(10));
            return w;
        }

        @Override
        public void close() {
            informer.close();
        }
    }
}
