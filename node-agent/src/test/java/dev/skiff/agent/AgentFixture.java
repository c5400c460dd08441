package dev.skiff.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.ConfigMap;
import dev.skiff.api.ContainerStatus;
import dev.skiff.api.Json;
import dev.skiff.api.Node;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Pod;
import dev.skiff.api.PodPhase;
import dev.skiff.api.Secret;
import dev.skiff.client.Client;
import dev.skiff.client.NodeHeartbeat;
import dev.skiff.store.EtcdProcess;
import dev.skiff.store.Store;
import dev.skiff.store.wire.WireStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An agent in-process against real etcd, running real child processes; the tests add pods bound to it. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class AgentFixture {
    @TempDir Path tmp;
    Store store;
    Client client;
    Agent agent;
    String node;

    @BeforeEach
    void start() {
        store = connect();
        client = new Client(store, Clock.systemUTC());
        node = "n-" + UUID.randomUUID().toString().substring(0, 8);
        agent = startAgent();
    }

    Agent startAgent() {
        return Agent.start(store, config());
    }

    /**
     * The store client skiff agent uses (WireStore). A freshly started shared etcd can take longer than
     * the client's 5 s on a loaded machine.
     */
    static Store connect() {
        for (int attempt = 1; ; attempt++) {
            try {
                return WireStore.connect(EtcdProcess.shared().config());
            } catch (dev.skiff.store.StoreException.Unavailable e) {
                if (attempt == 3) throw e;
            }
        }
    }

    AgentConfig config() {
        return AgentConfig.of(node, "127.0.0.1", tmp.resolve("agent")).withBackoff(Backoff.withBase(Duration.ofSeconds(1)))
                .withHeartbeatTtl(Duration.ofSeconds(3)).withLabels(Map.of("zone", "test")).withApiPort(0);
    }

    @AfterEach
    void stop() {
        if (client == null) return;
        for (var p : client.list(Pod.class, "default").items()) {
            if (node.equals(p.spec().nodeName())) client.delete(Pod.class, "default", p.name());
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> client.list(Pod.class, "default").items().stream()
                .noneMatch(p -> node.equals(p.spec().nodeName())));
        if (agent != null) agent.close();
        store.close();
    }

    Pod create(String yaml) {
        var pod = Json.fromYaml(yaml.replace("@NODE@", node), Pod.class);
        return client.create(pod);
    }

    Pod pod(String name) {
        return client.require(Pod.class, "default", name);
    }

    ContainerStatus status(String pod) {
        var s = pod(pod).status();
        return s == null || s.containerStatuses() == null ? null : s.containerStatuses().getFirst();
    }

    String podName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
