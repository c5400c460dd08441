package dev.skiff.controllers;

import static org.awaitility.Awaitility.await;

import dev.skiff.api.Json;
import dev.skiff.api.Pod;
import dev.skiff.client.Client;
import dev.skiff.engine.ControllerSetup;
import dev.skiff.engine.Engine;
import dev.skiff.engine.EngineConfig;
import dev.skiff.store.EtcdProcess;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.embedded.EmbeddedServer;
import dev.skiff.store.embedded.EmbeddedServerConfig;
import dev.skiff.testing.HollowNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A fresh store (real etcd, or the embedded server), a leading Engine running the given
 * controllers, a client, and hollow nodes on demand — everything closed together.
 */
public final class TestCluster implements AutoCloseable {

    public enum Backend { ETCD, EMBEDDED }

    private final AutoCloseable server;
    private final Store store;
    private final Engine engine;
    private final Client client;
    private final List<HollowNode> nodes = new ArrayList<>();

    private TestCluster(AutoCloseable server, Store store, Engine engine) {
        this.server = server;
        this.store = store;
        this.engine = engine;
        this.client = new Client(store, Clock.systemUTC());
    }

    public static TestCluster start(Backend backend, EngineConfig config, List<ControllerSetup> setups) {
        return start(backend, config, setups, c -> { });
    }

    /** {@code before} writes to the store before the engine starts (state an engine finds at start-up). */
    public static TestCluster start(Backend backend, EngineConfig config, List<ControllerSetup> setups,
                                    java.util.function.Consumer<Client> before) {
        AutoCloseable server;
        StoreConfig storeConfig;
        if (backend == Backend.ETCD) {
            EtcdProcess etcd = EtcdProcess.start();
            server = etcd;
            storeConfig = etcd.config();
        } else {
            try {
                EmbeddedServer embedded = EmbeddedServer.start(new EmbeddedServerConfig(
                        Files.createTempDirectory("skiff-lifecycle"), "127.0.0.1", 0));
                server = embedded;
                storeConfig = StoreConfig.parse("127.0.0.1:" + embedded.port());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Store store = EtcdStore.connect(storeConfig);
        before.accept(new Client(store, Clock.systemUTC()));
        Engine engine = new Engine(store, config, Clock.systemUTC(), setups).start();
        await().atMost(30, TimeUnit.SECONDS).until(() -> engine.isLeader() && engine.manager().isRunning());
        return new TestCluster(server, store, engine);
    }

    /** Quick settings for tests: 2 s leader lease, 2 s eviction toleration. */
    public static EngineConfig fastConfig() {
        return EngineConfig.defaults().withIdentity("test-engine").withLeaderTtl(Duration.ofSeconds(2))
                .withPodEvictionTimeout(Duration.ofSeconds(2));
    }

    public Store store() {
        return store;
    }

    public Client client() {
        return client;
    }

    public Engine engine() {
        return engine;
    }

    /** A hollow node with a short heartbeat TTL, so power loss shows within seconds. */
    public HollowNode node(String name, Duration heartbeatTtl) {
        HollowNode n = HollowNode.start(store, name, "4", "8Gi", Map.of(), heartbeatTtl);
        nodes.add(n);
        return n;
    }

    /** A pod as an operator writes it, optionally already bound to {@code nodeName}. */
    public static Pod pod(String namespace, String name, String nodeName, String extraSpecYaml) {
        return Json.fromYaml("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                  namespace: %s
                  labels: {app: %s}
                spec:
                  %s
                  containers:
                  - name: main
                    image: busybox:1
                    command: [sleep, "3600"]
                %s""".formatted(name, namespace, "demo", nodeName == null ? "" : "nodeName: " + nodeName,
                extraSpecYaml == null ? "" : extraSpecYaml.indent(2)), Pod.class);
    }

    @Override
    public void close() {
        nodes.forEach(HollowNode::close);
        engine.close();
        store.close();
        try {
            server.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
