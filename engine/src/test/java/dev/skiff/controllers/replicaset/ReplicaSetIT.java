package dev.skiff.controllers.replicaset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.LabelSelector;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Pod;
import dev.skiff.api.ReplicaSet;
import dev.skiff.api.ReplicaSetSpec;
import dev.skiff.client.Informer;
import dev.skiff.client.ResourceHandler;
import dev.skiff.controllers.WorkloadCluster;
import dev.skiff.store.EtcdProcess;
import dev.skiff.store.embedded.EmbeddedServer;
import dev.skiff.store.embedded.EmbeddedServerConfig;
import dev.skiff.testing.HollowNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReplicaSetIT {

    private static EtcdProcess etcd;

    @BeforeAll
    static void startEtcd() {
        etcd = EtcdProcess.start();
    }

    @AfterAll
    static void stopEtcd() {
        etcd.close();
    }

    @Test
    void adoptsOrphansReleasesStraysAndKeepsTheCountOnEtcd() {
        adoptsOrphansReleasesStraysAndKeepsTheCount(etcd.endpoint());
    }

    @Test
    void adoptsOrphansReleasesStraysAndKeepsTheCountOnTheEmbeddedStore() throws Exception {
        Path dir = Files.createTempDirectory("skiff-rs-it-");
        try (EmbeddedServer server = EmbeddedServer.start(new EmbeddedServerConfig(dir, "127.0.0.1", 0))) {
            adoptsOrphansReleasesStraysAndKeepsTheCount(URI.create(server.endpoint()));
        }
    }

    private void adoptsOrphansReleasesStraysAndKeepsTheCount(URI endpoint) {
        try (WorkloadCluster c = WorkloadCluster.start(endpoint, "rs")) {
            HollowNode n = c.node("n1");
            Pod orphan = c.client.create(Pod.of(ObjectMeta.named(c.ns, "orphan").withLabels(Map.of("app", "cache")),
                    WorkloadCluster.template("cache", "cache:1", n.name()).spec()));
            ReplicaSet rs = c.client.create(replicaSet(c, "cache", 3, 0, n));

            await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
                List<Pod> pods = c.livePods("cache");
                assertThat(pods).hasSize(3).allMatch(p -> Pods.controlledBy(p, rs.metadata().uid()));
                assertThat(pods).extracting(Pod::name).contains("orphan")
                        .filteredOn(name -> !name.equals("orphan")).allMatch(name -> name.matches("cache-[a-z0-9]{5}"));
                ReplicaSet now = c.client.require(ReplicaSet.class, c.ns, "cache");
                assertThat(now.status()).isNotNull(); // not yet written: an assertion to retry, not an NPE that ends the wait
                assertThat(now.status().replicas()).isEqualTo(3);
                assertThat(now.status().readyReplicas()).isEqualTo(3);
            });
            assertThat(orphan.metadata().ownerReferences()).isNull();

            String stray = c.livePods("cache").stream().map(Pod::name).filter(nm -> !nm.equals("orphan")).findFirst()
                    .orElseThrow();
            c.client.modify(Pod.class, c.ns, stray, p -> p.withMetadata(p.metadata().withLabels(Map.of("app", "debug"))));
            await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
                assertThat(c.client.require(Pod.class, c.ns, stray).metadata().ownerReferences()).isNull();
                assertThat(c.livePods("cache")).hasSize(3).allMatch(p -> Pods.controlledBy(p, rs.metadata().uid()));
            });

            c.client.modify(ReplicaSet.class, c.ns, "cache", r -> r.withSpec(new ReplicaSetSpec(1, 0,
                    r.spec().selector(), r.spec().template())));
            await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
                assertThat(c.pods("cache")).hasSize(1);
                assertThat(c.client.require(ReplicaSet.class, c.ns, "cache").status().replicas()).isEqualTo(1);
            });
        }
    }

    @Test
    void neverCreatesMorePodsThanReplicasEvenWhileTheCacheLags() {
        try (WorkloadCluster c = WorkloadCluster.start(etcd.endpoint(), "burst")) {
            HollowNode n = c.node("n1");
            Set<String> seen = ConcurrentHashMap.newKeySet();
            AtomicInteger maxLive = new AtomicInteger();
            Informer<Pod> inf = new Informer<>(c.client, Pod.class, c.ns).addHandler(new ResourceHandler<>() {
                @Override
                public void onAdd(Pod pod) {
                    seen.add(pod.name());
                }
            });
            inf.addHandler(new ResourceHandler<>() {
                @Override
                public void onAdd(Pod pod) {
                    maxLive.accumulateAndGet((int) inf.list().stream().filter(Pods::active).count(), Math::max);
                }
            });
            inf.start();
            c.closeLater(inf);
            c.client.create(replicaSet(c, "burst", 60, 0, n));
            await().atMost(60, TimeUnit.SECONDS).until(() -> c.livePods("burst").stream().filter(Pods::ready).count() == 60);
            sleepQuietly(Duration.ofSeconds(1));
            assertThat(seen).hasSize(60);
            assertThat(maxLive.get()).isEqualTo(60);
        }
    }

    @Test
    void availableReplicasWaitForMinReadySeconds() {
        try (WorkloadCluster c = WorkloadCluster.start(etcd.endpoint(), "minready")) {
            HollowNode n = c.node("n1");
            c.client.create(replicaSet(c, "slow", 2, 3, n));
            await().atMost(30, TimeUnit.SECONDS).until(() -> {
                ReplicaSet rs = c.client.require(ReplicaSet.class, c.ns, "slow");
                return rs.status() != null && Integer.valueOf(2).equals(rs.status().readyReplicas());
            });
            assertThat(c.client.require(ReplicaSet.class, c.ns, "slow").status().availableReplicas()).isNotEqualTo(2);
            await().atMost(15, TimeUnit.SECONDS).until(() -> Integer.valueOf(2).equals(
                    c.client.require(ReplicaSet.class, c.ns, "slow").status().availableReplicas()));
        }
    }

    private static ReplicaSet replicaSet(WorkloadCluster c, String app, int replicas, int minReady, HollowNode n) {
        return ReplicaSet.of(ObjectMeta.named(c.ns, app), new ReplicaSetSpec(replicas, minReady,
                LabelSelector.of(Map.of("app", app)), WorkloadCluster.template(app, app + ":1", n.name())));
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
