package dev.skiff.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.Json;
import dev.skiff.api.Namespace;
import dev.skiff.api.Node;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Pod;
import dev.skiff.client.Client;
import dev.skiff.controllers.WorkloadCluster;
import dev.skiff.controllers.replicaset.Pods;
import dev.skiff.store.EtcdProcess;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.embedded.EmbeddedServer;
import dev.skiff.store.embedded.EmbeddedServerConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The chaos controller in a real engine, on real etcd, with hollow nodes and the workload controllers. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChaosControllerIT {

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
    void podKillOfTwoOfThreeReplicasAndTheyComeBackOnEtcd() {
        podKillOfTwoOfThree(etcd.endpoint());
    }

    @Test
    void podKillOfTwoOfThreeReplicasAndTheyComeBackOnTheEmbeddedStore() throws Exception {
        Path dir = Files.createTempDirectory("skiff-chaos-it-");
        try (EmbeddedServer server = EmbeddedServer.start(new EmbeddedServerConfig(dir, "127.0.0.1", 0))) {
            podKillOfTwoOfThree(URI.create(server.endpoint()));
        }
    }

    private void podKillOfTwoOfThree(URI endpoint) {
        try (WorkloadCluster c = WorkloadCluster.start(endpoint, "chaos")) {
            c.node("n1");
            c.node("n2");
            c.deployment("web", 3, "web:1", null, null, null, null);
            c.awaitRolledOut("web", "web:1", 3, Duration.ofSeconds(60));
            Set<String> before = names(c.livePods("web"));

            c.client.create(podKill(c.ns, "kill-two", ChaosMode.FIXED, "2", null, null));

            PodChaos done = awaitPhase(c.client, c.ns, "kill-two", ChaosPhase.FINISHED, Duration.ofSeconds(30));
            assertThat(done.status().targets()).hasSize(2).allMatch(t -> t.injectedAt() != null
                    && before.contains(t.name()) && t.workload().equals("deployment/" + c.ns + "/web"));
            assertThat(done.status().endReason()).isEqualTo("Completed");
            Set<String> killed = done.status().targets().stream().map(ChaosTarget::name).collect(Collectors.toSet());
            c.awaitRolledOut("web", "web:1", 3, Duration.ofSeconds(60));
            Set<String> after = names(c.livePods("web"));
            assertThat(after).doesNotContainAnyElementsOf(killed).hasSize(3);
        }
    }

    @Test
    void blastRadiusRefusesAllThreeReplicasUnlessForced() {
        try (WorkloadCluster c = WorkloadCluster.start(etcd.endpoint(), "chaos")) {
            c.node("n1");
            c.deployment("api", 3, "api:1", null, null, null, null);
            c.awaitRolledOut("api", "api:1", 3, Duration.ofSeconds(60));
            Set<String> before = names(c.livePods("api"));

            c.client.create(podKill(c.ns, "all", ChaosMode.ALL, null, null, null, "api"));
            PodChaos refused = awaitPhase(c.client, c.ns, "all", ChaosPhase.FAILED, Duration.ofSeconds(30));
            assertThat(refused.status().conditions()).singleElement().satisfies(cond ->
                    assertThat(cond.message()).contains("3 of 3 replicas of deployment/" + c.ns + "/api", "--force"));
            assertThat(refused.status().targets()).isEmpty();
            assertThat(names(c.livePods("api"))).isEqualTo(before);

            PodChaos forced = podKill(c.ns, "all-forced", ChaosMode.ALL, null, null, true, "api");
            c.client.create(forced);
            PodChaos done = awaitPhase(c.client, c.ns, "all-forced", ChaosPhase.FINISHED, Duration.ofSeconds(30));
            assertThat(done.status().targets()).hasSize(3);
        }
    }

    @Test
    void protectedNamespacesAreNeverTargets() {
        try (WorkloadCluster c = WorkloadCluster.start(etcd.endpoint(), "chaos")) {
            c.node("n1");
            c.client.modify(Namespace.class, null, c.ns, n -> n.withMetadata(n.metadata().withLabels(
                    Map.of(Targets.PROTECTED_LABEL, "true"))));
            c.deployment("db", 2, "db:1", null, null, null, null);
            c.awaitRolledOut("db", "db:1", 2, Duration.ofSeconds(60));

            c.client.create(podKill(c.ns, "db-kill", ChaosMode.ONE, null, null, true, "db"));
            PodChaos refused = awaitPhase(c.client, c.ns, "db-kill", ChaosPhase.FAILED, Duration.ofSeconds(30));
            assertThat(refused.status().conditions().getFirst().message()).contains("no targets", "protected");
            assertThat(c.livePods("db")).hasSize(2);
        }
    }

    @Test
    void haltEndsARunningFaultWithinOneSecond() {
        try (WorkloadCluster c = WorkloadCluster.start(etcd.endpoint(), "chaos")) {
            c.node("n1");
            c.deployment("web", 2, "web:1", null, null, null, null);
            c.awaitRolledOut("web", "web:1", 2, Duration.ofSeconds(60));
            c.client.create(podKill(c.ns, "long", ChaosMode.ONE, null, "10m", null, "web"));
            awaitInjected(c.client, c.ns, "long");

            long t0 = System.nanoTime();
            c.client.modify(PodChaos.class, c.ns, "long", f -> f.withMetadata(f.metadata().withAnnotations(
                    Map.of(FaultLifetime.HALT_ANNOTATION, "true"))));
            PodChaos ended = awaitPhase(c.client, c.ns, "long", ChaosPhase.FINISHED, Duration.ofSeconds(5));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
            assertThat(ended.status().endReason()).isEqualTo("Halted");
            assertThat(ended.status().targets()).allMatch(t -> t.recoveredAt() != null);
        }
    }

    @Test
    void aFaultEndsWhenItsCreatorsLeaseDies() {
        try (WorkloadCluster c = WorkloadCluster.start(etcd.endpoint(), "chaos")) {
            c.node("n1");
            c.deployment("web", 2, "web:1", null, null, null, null);
            c.awaitRolledOut("web", "web:1", 2, Duration.ofSeconds(60));
            Store creator = EtcdStore.connect(StoreConfig.of(List.of(etcd.endpoint())));
            ChaosLease.Hold hold = ChaosLease.hold(creator, Duration.ofSeconds(2), "test");
            PodChaos fault = podKill(c.ns, "held", ChaosMode.ONE, null, "10m", null, "web");
            new Client(creator, Clock.systemUTC()).create(fault.withMetadata(fault.metadata().withAnnotations(
                    Map.of(ChaosLease.ANNOTATION, hold.annotation()))));
            awaitInjected(c.client, c.ns, "held");

            creator.close(); // a crash: the connection goes, nobody revokes
            long t0 = System.nanoTime();
            PodChaos ended = awaitPhase(c.client, c.ns, "held", ChaosPhase.FINISHED, Duration.ofSeconds(30));
            assertThat(ended.status().endReason()).isEqualTo("LeaseLost");
            // etcd expires a 2 s lease within a few seconds (its minimum TTL and tick rounding)
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(12));
        }
    }

    @Test
    void nodeDrainCordonsEvictsAndUncordonsWhenItEnds() {
        try (WorkloadCluster c = WorkloadCluster.start(etcd.endpoint(), "chaos")) {
            var n1 = c.node("n1");
            var n2 = c.node("n2");
            c.deployment("web", 4, "web:1", null, null, null, null);
            c.awaitRolledOut("web", "web:1", 4, Duration.ofSeconds(60));
            String target = c.livePods("web").getFirst().spec().nodeName();

            c.client.create(NodeChaos.of(ObjectMeta.named(c.ns, "drain"), new NodeChaosSpec(NodeChaosAction.NODE_DRAIN,
                    ChaosSelector.node(target), ChaosMode.ONE, null, "3s", true))); // forced: the scheduler may have put all 4 there
            await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
                Node node = c.client.require(Node.class, null, target);
                assertThat(node.spec()).as(() -> Json.toJson(c.client.require(NodeChaos.class, c.ns, "drain"))).isNotNull();
                assertThat(node.spec().unschedulable()).isTrue();
                assertThat(c.livePods("web")).hasSize(4).allMatch(p -> !target.equals(p.spec().nodeName()));
            });
            NodeChaos ended = c.client.require(NodeChaos.class, c.ns, "drain");
            await().atMost(30, TimeUnit.SECONDS).until(() ->
                    c.client.require(NodeChaos.class, c.ns, "drain").statusOrNew().phase() == ChaosPhase.FINISHED);
            Node node = c.client.require(Node.class, null, target);
            assertThat(node.spec() == null ? null : node.spec().unschedulable()).isNull();
            assertThat(node.metadata().annotationsOrEmpty()).doesNotContainKey(NodeDrain.CORDONED_BY);
            assertThat(ended.metadata().finalizers()).contains(FaultReconciler.FINALIZER);
            // released by a write after the Finished status: wait for it rather than race it
            await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                    assertThat(c.client.require(NodeChaos.class, c.ns, "drain").metadata().finalizers()).isNull());
            assertThat(List.of(n1.name(), n2.name())).contains(target);
        }
    }

    @Test
    void agentActionsRunWithTheirTargetsAndEndWithoutWaitingForTargetsNeverInjected() {
        try (WorkloadCluster c = WorkloadCluster.start(etcd.endpoint(), "chaos")) {
            String n1 = c.node("n1").name();
            c.deployment("web", 2, "web:1", null, null, null, null);
            c.awaitRolledOut("web", "web:1", 2, Duration.ofSeconds(60));
            c.client.create(NetworkChaos.of(ObjectMeta.named(c.ns, "slow"), new NetworkChaosSpec(NetworkChaosAction.DELAY,
                    new ChaosSelector(null, Map.of("app", "web"), null, null, null, null), ChaosMode.ALL, null, "30s",
                    null, null, new NetworkChaosSpec.Delay("200ms", null, null), null, null, null, null)));
            NetworkChaos running = awaitPhase(c.client, NetworkChaos.class, c.ns, "slow", ChaosPhase.RUNNING, Duration.ofSeconds(30));
            assertThat(running.status().startTime()).isNotNull();
            assertThat(running.metadata().finalizers()).contains(FaultReconciler.FINALIZER);
            // hollow nodes have no agent: nothing is injected, so a halt ends it at once
            assertThat(running.status().targets()).hasSize(2).allMatch(t -> t.injectedAt() == null && n1.equals(t.node()));
            c.client.modify(NetworkChaos.class, c.ns, "slow", f -> f.withMetadata(f.metadata().withAnnotations(
                    Map.of(FaultLifetime.HALT_ANNOTATION, "true"))));
            NetworkChaos done = awaitPhase(c.client, NetworkChaos.class, c.ns, "slow", ChaosPhase.FINISHED, Duration.ofSeconds(10));
            assertThat(done.status().endReason()).isEqualTo("Halted");
            assertThat(done.status().targets()).allMatch(t -> t.recoveredAt() != null && "never injected".equals(t.message()));
            await().atMost(10, TimeUnit.SECONDS).until(() ->
                    c.client.require(NetworkChaos.class, c.ns, "slow").metadata().finalizers() == null);
        }
    }

    static PodChaos podKill(String ns, String name, ChaosMode mode, String value, String duration, Boolean force) {
        return podKill(ns, name, mode, value, duration, force, "web");
    }

    static PodChaos podKill(String ns, String name, ChaosMode mode, String value, String duration, Boolean force, String app) {
        return PodChaos.of(ObjectMeta.named(ns, name), new PodChaosSpec(PodChaosAction.POD_KILL,
                new ChaosSelector(null, Map.of("app", app), null, null, null, null), mode, value, duration, 0L, null, force));
    }

    private static PodChaos awaitPhase(Client client, String ns, String name, ChaosPhase phase, Duration atMost) {
        return awaitPhase(client, PodChaos.class, ns, name, phase, atMost);
    }

    private static <F extends Fault> F awaitPhase(Client client, Class<F> type, String ns, String name, ChaosPhase phase,
                                                  Duration atMost) {
        Map<String, F> last = new HashMap<>();
        await().atMost(atMost.toMillis(), TimeUnit.MILLISECONDS).pollInterval(Duration.ofMillis(20)).until(() -> {
            F f = client.require(type, ns, name);
            last.put("f", f);
            return f.statusOrNew().phase() == phase;
        });
        return last.get("f");
    }

    private static void awaitInjected(Client client, String ns, String name) {
        await().atMost(30, TimeUnit.SECONDS).until(() -> {
            ChaosStatus s = client.require(PodChaos.class, ns, name).statusOrNew();
            return s.phase() == ChaosPhase.RUNNING && !s.targets().isEmpty()
                    && s.targets().stream().allMatch(t -> t.injectedAt() != null);
        });
    }

    private static Set<String> names(List<Pod> pods) {
        return pods.stream().filter(Pods::active).map(Pod::name).collect(Collectors.toSet());
    }
}
