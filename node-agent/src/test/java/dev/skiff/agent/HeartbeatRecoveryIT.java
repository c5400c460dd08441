package dev.skiff.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.Node;
import dev.skiff.client.Client;
import dev.skiff.client.NodeHeartbeat;
import dev.skiff.engine.Engine;
import dev.skiff.engine.EngineConfig;
import dev.skiff.store.EtcdProcess;
import dev.skiff.store.KeyValue;
import dev.skiff.store.Store;
import dev.skiff.store.wire.WireStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An agent whose heartbeat lease is lost grants a new one by itself: its node turns Ready again. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HeartbeatRecoveryIT {
    @TempDir Path tmp;
    Store store;
    Client client;
    Engine engine;
    Agent agent;
    String node;

    @BeforeEach
    void start() {
        store = WireStore.connect(EtcdProcess.shared().config());
        client = new Client(store, Clock.systemUTC());
        engine = new Engine(store, EngineConfig.defaults().withIdentity("hb-it").withLeaderTtl(Duration.ofSeconds(2)),
                Clock.systemUTC(), Engine.builtIn()).start();
        await().atMost(30, TimeUnit.SECONDS).until(() -> engine.isLeader() && engine.manager().isRunning());
        node = "hb-" + UUID.randomUUID().toString().substring(0, 6);
        agent = Agent.start(store, AgentConfig.of(node, "127.0.0.1", tmp.resolve("agent"))
                .withHeartbeatTtl(Duration.ofSeconds(3)).withNetwork(AgentNetworking.NONE).withApiPort(0));
    }

    @AfterEach
    void stop() {
        agent.close();
        engine.close();
        client.delete(Node.class, null, node);
        store.close();
    }

    @Test
    void aRevokedHeartbeatLeaseIsReplacedAndTheNodeTurnsReadyAgain() {
        await().atMost(30, TimeUnit.SECONDS).until(() -> ready());
        long first = agent.heartbeatLeaseId();
        assertThat(store.get(NodeHeartbeat.key(node)).map(KeyValue::lease)).contains(first);

        long revoked = System.nanoTime();
        store.leases().revoke(first); // as a lapse would leave it: the key is gone, the keep-alive finds no lease
        await().atMost(10, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(20)).until(() ->
                store.get(NodeHeartbeat.key(node)).map(KeyValue::lease).filter(l -> l != first).isPresent());
        await().atMost(10, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(20)).until(() -> ready());
        System.out.println("heartbeat revoked -> node Ready again: " + Duration.ofNanos(System.nanoTime() - revoked).toMillis() + " ms");

        assertThat(agent.heartbeatLeaseId()).isNotEqualTo(first);
        assertThat(store.get(NodeHeartbeat.key(node)).map(KeyValue::lease)).contains(agent.heartbeatLeaseId());
    }

    private boolean ready() {
        return client.get(Node.class, null, node).map(Node::ready).orElse(false);
    }
}
