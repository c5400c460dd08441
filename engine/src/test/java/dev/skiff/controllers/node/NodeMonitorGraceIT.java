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
import dev.skiff.engine.Engine;
import dev.skiff.engine.EngineConfig;
import dev.skiff.store.Store;
import dev.skiff.testing.HollowNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A node whose agent stops renewing its heartbeat lease is NotReady after the node monitor grace
 * period, before the lease expires; slow but regular renewals never make it so; renewals
 * resuming make it Ready; a new leader, knowing no renewals yet, gives every node the grace.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NodeMonitorGraceIT {

    /** The agents' default lease: renewed every 2 s, it expires 8–10 s after the power goes. */
    private static final Duration TTL = NodeHeartbeat.DEFAULT_TTL;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aSilentNodeIsNotReadyAndItsPodsEvictedBeforeItsLeaseExpires(Backend backend) {
        try (TestCluster c = TestCluster.start(backend, TestCluster.fastConfig(), Engine.builtIn())) {
            HollowNode a = c.node("node-a", TTL);
            c.node("node-b", TTL);
            Client client = c.client();
            client.create(TestCluster.pod("default", "bare", "node-a", null));
            await().atMost(20, TimeUnit.SECONDS).until(() -> client.get(Pod.class, "default", "bare")
                    .map(p -> p.status() != null && p.status().phase() == PodPhase.RUNNING).orElse(false));
            Instant off = Instant.now();
            a.powerOff();
            await().atMost(TTL).pollInterval(Duration.ofMillis(100)).until(() ->
                    NodeConditions.unreachableTaint(client.require(Node.class, null, "node-a")).isPresent());
            assertThat(c.store().get(NodeHeartbeat.key("node-a"))).as("the lease has not expired yet").isPresent();
            assertThat(Duration.between(off, Instant.now()))
                    .as("not before the grace minus a renewal period")
                    .isGreaterThanOrEqualTo(EngineConfig.DEFAULT_NODE_MONITOR_GRACE.minusSeconds(2));
            await().atMost(20, TimeUnit.SECONDS).until(() -> client.get(Pod.class, "default", "bare").isEmpty());
            assertThat(NodeConditions.isReady(client.require(Node.class, null, "node-b"))).isTrue();
            assertThat(notReadyEvents(client, "node-b")).as("the renewing node never flapped").isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void slowButRegularRenewalsNeverMakeANodeNotReady(Backend backend) throws InterruptedException {
        EngineConfig config = TestCluster.fastConfig().withNodeMonitorGracePeriod(Duration.ofSeconds(4));
        try (TestCluster c = TestCluster.start(backend, config, Engine.builtIn())) {
            c.node("node-b", TTL);
            Client client = c.client();
            long lease = register(c, "slow", Duration.ofSeconds(30));
            for (int i = 0; i < 8; i++) { // every 2 s: half the grace, 16 s — past its grace several times over
                Thread.sleep(2_000);
                c.store().leases().keepAlive(lease).close(); // one renewal
            }
            assertThat(notReadyEvents(client, "slow")).isZero();
            Node slow = client.require(Node.class, null, "slow");
            assertThat(NodeConditions.isReady(slow)).isTrue();
            assertThat(NodeConditions.unreachableTaint(slow)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aSilentNodeWhoseRenewalsResumeIsReadyAgain(Backend backend) {
        EngineConfig config = TestCluster.fastConfig().withNodeMonitorGracePeriod(Duration.ofSeconds(3));
        try (TestCluster c = TestCluster.start(backend, config, Engine.builtIn())) {
            c.node("node-b", TTL);
            Client client = c.client();
            long lease = register(c, "quiet", Duration.ofSeconds(60));
            await().atMost(20, TimeUnit.SECONDS).until(() ->
                    NodeConditions.unreachableTaint(client.require(Node.class, null, "quiet")).isPresent());
            assertThat(c.store().get(NodeHeartbeat.key("quiet"))).isPresent();

            c.store().leases().keepAlive(lease).close();
            await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
                Node n = client.require(Node.class, null, "quiet");
                assertThat(NodeConditions.isReady(n)).isTrue();
                assertThat(NodeConditions.unreachableTaint(n)).isEmpty();
            });
            // and silent again once the renewals stop for good
            await().atMost(20, TimeUnit.SECONDS).until(() ->
                    NodeConditions.unreachableTaint(client.require(Node.class, null, "quiet")).isPresent());
        }
    }

    @Test
    void aNewLeaderGivesEveryNodeTheGraceAndStillSeesASilentOne() {
        try (TestCluster c = TestCluster.start(Backend.EMBEDDED, TestCluster.fastConfig(), Engine.builtIn())) {
            HollowNode a = c.node("node-a", TTL);
            c.node("node-b", TTL);
            c.node("node-c", TTL);
            Client client = c.client();
            await().atMost(20, TimeUnit.SECONDS).until(() -> client.list(Node.class, null).items().stream()
                    .allMatch(NodeConditions::isReady));
            try (Engine standby = new Engine(c.store(), TestCluster.fastConfig().withIdentity("standby"),
                    Clock.systemUTC(), Engine.builtIn()).start()) {
                a.powerOff();
                c.engine().close(); // resigns: the standby leads, with no renewal history
                await().atMost(20, TimeUnit.SECONDS).until(standby::isLeader);
                await().atMost(TTL).pollInterval(Duration.ofMillis(100)).until(() ->
                        NodeConditions.unreachableTaint(client.require(Node.class, null, "node-a")).isPresent());
                assertThat(c.store().get(NodeHeartbeat.key("node-a"))).as("seen before the lease expired").isPresent();
                for (String renewing : List.of("node-b", "node-c")) {
                    assertThat(notReadyEvents(client, renewing)).as(renewing).isZero();
                    assertThat(NodeConditions.isReady(client.require(Node.class, null, renewing))).isTrue();
                }
            }
        }
    }

    /** A Node (Ready) whose heartbeat key sits on a lease nobody keeps alive: renewals are the test's. */
    private static long register(TestCluster c, String name, Duration ttl) {
        c.client().create(new Node(null, null, ObjectMeta.named(name), null, new NodeStatus(null, null, null,
                List.of(Condition.of("Ready", true, "AgentReady", "fine", Instant.now())), null, null, null)));
        Store store = c.store();
        long lease = store.leases().grant(ttl).id();
        store.put(NodeHeartbeat.key(name), name.getBytes(StandardCharsets.UTF_8), lease);
        return lease;
    }

    private static long notReadyEvents(Client client, String node) {
        return client.list(Event.class, "default").items().stream()
                .filter(e -> "NodeNotReady".equals(e.reason()) && node.equals(e.involvedObject().name()))
                .count();
    }
}
