package dev.skiff.controllers.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.Condition;
import dev.skiff.api.Event;
import dev.skiff.api.Node;
import dev.skiff.api.NodeStatus;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Pod;
import dev.skiff.api.PodPhase;
import dev.skiff.client.Client;
import dev.skiff.client.NodeHeartbeat;
import dev.skiff.controllers.TestCluster;
import dev.skiff.controllers.TestCluster.Backend;
import dev.skiff.engine.ControllerSetup;
import dev.skiff.engine.Engine;
import dev.skiff.testing.HollowNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NodeLifecycleIT {

    private static final Duration TTL = Duration.ofSeconds(2);

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aLostNodeIsTaintedAndItsPodsAreEvictedAfterTheirToleration(Backend backend) {
        try (TestCluster c = TestCluster.start(backend, TestCluster.fastConfig(), Engine.builtIn())) {
            HollowNode a = c.node("node-a", TTL);
            c.node("node-b", TTL);
            Client client = c.client();
            client.create(TestCluster.pod("default", "bare", "node-a", null));
            client.create(TestCluster.pod("default", "patient", "node-a", """
                    tolerations:
                    - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 600}
                    """));
            client.create(TestCluster.pod("default", "forever", "node-a", """
                    tolerations:
                    - {operator: Exists}
                    """));
            client.create(TestCluster.pod("default", "elsewhere", "node-b", null));
            await().atMost(20, TimeUnit.SECONDS).until(() -> client.list(Pod.class, "default").items().stream()
                    .allMatch(p -> p.status() != null && p.status().phase() == PodPhase.RUNNING));
            Instant off = Instant.now();
            a.powerOff();
            await().atMost(TTL.plusSeconds(8)).untilAsserted(() -> {
                Node n = client.require(Node.class, null, "node-a");
                assertThat(NodeConditions.ready(n)).hasValueSatisfying(ready -> {
                    assertThat(ready.status()).isEqualTo("Unknown");
                    assertThat(ready.reason()).isEqualTo("NodeStatusUnknown");
                    assertThat(ready.message()).isEqualTo("Skiff agent stopped posting node status.");
                });
                assertThat(NodeConditions.unreachableTaint(n)).hasValueSatisfying(t -> assertThat(t.timeAdded()).isNotNull());
            });
            assertThat(client.get(Pod.class, "default", "bare")).as("not evicted before its toleration").isPresent();

            await().atMost(20, TimeUnit.SECONDS).until(() -> client.get(Pod.class, "default", "bare").isEmpty());
            // the eviction waited for the toleration (2 s, from a whole-second timeAdded) after the lease expired
            assertThat(Duration.between(off, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(client.get(Pod.class, "default", "patient")).isPresent();
            assertThat(client.get(Pod.class, "default", "forever")).isPresent();
            assertThat(client.require(Pod.class, "default", "elsewhere").status().phase()).isEqualTo(PodPhase.RUNNING);
            assertThat(NodeConditions.isReady(client.require(Node.class, null, "node-b"))).isTrue();
            await().atMost(10, TimeUnit.SECONDS).until(() -> client.list(Event.class, "default").items().stream()
                    .anyMatch(e -> "Evicted".equals(e.reason()) && "bare".equals(e.involvedObject().name())
                            && e.message().startsWith("NodeLost: node node-a")));
        }
    }

    @Test
    void whenEveryNodeIsDownNothingIsEvictedAndAnEventSaysWhy() throws InterruptedException {
        try (TestCluster c = TestCluster.start(Backend.ETCD, TestCluster.fastConfig(), Engine.builtIn())) {
            HollowNode a = c.node("node-a", TTL);
            HollowNode b = c.node("node-b", TTL);
            Client client = c.client();
            client.create(TestCluster.pod("default", "on-a", "node-a", null));
            client.create(TestCluster.pod("default", "on-b", "node-b", null));
            await().atMost(20, TimeUnit.SECONDS).until(() -> client.list(Pod.class, "default").items().stream()
                    .allMatch(p -> p.status() != null && p.status().phase() == PodPhase.RUNNING));
            a.powerOff();
            b.powerOff();
            await().atMost(15, TimeUnit.SECONDS).until(() -> client.list(Node.class, null).items().stream()
                    .allMatch(n -> NodeConditions.unreachableTaint(n).isPresent()));
            Thread.sleep(6_000); // three times the toleration
            assertThat(client.list(Pod.class, "default").items()).extracting(Pod::name).containsExactlyInAnyOrder("on-a", "on-b");
            assertThat(client.list(Pod.class, "default").items()).allMatch(p -> p.status().phase() == PodPhase.RUNNING);
            await().atMost(10, TimeUnit.SECONDS).until(() -> client.list(Event.class, "default").items().stream()
                    .anyMatch(e -> NodeLifecycleController.ALL_DOWN_REASON.equals(e.reason())
                            && e.message().equals("all nodes are unreachable: the engine is probably the one cut off; not evicting")));
        }
    }

    @Test
    void aNodeWhoseHeartbeatReturnsIsReadyAgainAndUntainted() {
        try (TestCluster c = TestCluster.start(Backend.ETCD, TestCluster.fastConfig(), Engine.builtIn())) {
            HollowNode a = c.node("node-a", TTL);
            c.node("node-b", TTL);
            Client client = c.client();
            a.powerOff();
            await().atMost(15, TimeUnit.SECONDS).until(() ->
                    NodeConditions.unreachableTaint(client.require(Node.class, null, "node-a")).isPresent());
            try (NodeHeartbeat back = NodeHeartbeat.start(c.store(), "node-a", TTL, () -> { })) {
                await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
                    Node n = client.require(Node.class, null, "node-a");
                    assertThat(NodeConditions.isReady(n)).isTrue();
                    assertThat(NodeConditions.unreachableTaint(n)).isEmpty();
                });
            }
        }
    }

    @Test
    void aNodeReadyAtStartUpWithoutAHeartbeatIsLostAfterTheGrace() {
        Duration grace = Duration.ofSeconds(3);
        List<ControllerSetup> setups = List.of(NodeLifecycleController.setup(grace));
        try (TestCluster c = TestCluster.start(Backend.ETCD, TestCluster.fastConfig(), setups, client -> {
            Instant now = Instant.now();
            client.create(new Node(null, null, ObjectMeta.named("ghost"), null, new NodeStatus(null, null, null,
                    List.of(Condition.of("Ready", true, "AgentReady", "was fine", now)), null, null, null)));
        })) {
            Client client = c.client();
            assertThat(NodeConditions.isReady(client.require(Node.class, null, "ghost"))).as("trusted during the grace").isTrue();
            await().atMost(15, TimeUnit.SECONDS).until(() -> {
                Optional<Condition> ready = NodeConditions.ready(client.require(Node.class, null, "ghost"));
                return ready.isPresent() && "Unknown".equals(ready.get().status());
            });
        }
    }
}
