package dev.skiff.agent;

import static org.awaitility.Awaitility.await;

import dev.skiff.api.Json;
import dev.skiff.api.Namespace;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Pod;
import dev.skiff.api.Service;
import dev.skiff.chaos.ChaosPhase;
import dev.skiff.chaos.ChaosStatus;
import dev.skiff.chaos.Fault;
import dev.skiff.chaos.FaultLifetime;
import dev.skiff.client.Client;
import dev.skiff.engine.Engine;
import dev.skiff.engine.EngineConfig;
import dev.skiff.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real engine (leader, every built-in controller) and one real agent with the process runtime,
 * both in-process over the shared real etcd, in a fresh namespace per test. Subclasses choose the
 * agent's networking and clean up what their tests leave besides pods and services.
 */
public abstract class EngineAgentFixture {
    @TempDir protected Path tmp;
    protected Store store;
    protected Client client;
    protected Engine engine;
    protected Agent agent;
    protected String node;
    protected String ns;

    /** Names the engine's identity, the node and the namespace, so a failing test's leftovers say whose they are. */
    protected abstract String prefix();

    /** The agent's networking: by default proxy and DNS on ephemeral ports. */
    protected AgentNetworking networking() {
        return AgentNetworking.DEFAULT.withDnsPort(0);
    }

    /** What a test may leave behind besides pods and services (active faults), undone before they are deleted. */
    protected void cleanUp() {}

    @BeforeEach
    void startEngineAndAgent() throws IOException {
        store = AgentFixture.connect();
        client = new Client(store, Clock.systemUTC());
        engine = new Engine(store, EngineConfig.defaults().withIdentity(prefix() + "-it").withLeaderTtl(Duration.ofSeconds(2)),
                Clock.systemUTC(), Engine.builtIn()).start();
        await().atMost(30, TimeUnit.SECONDS).until(() -> engine.isLeader() && engine.manager().isRunning());
        node = prefix() + "-" + UUID.randomUUID().toString().substring(0, 6);
        ns = prefix() + "-" + UUID.randomUUID().toString().substring(0, 6);
        client.create(new Namespace(null, null, ObjectMeta.named(ns), null, null));
        beforeAgent();
        agent = startAgent();
    }

    /** Runs once the namespace exists and before the agent starts (to pick ports the agent needs). */
    protected void beforeAgent() throws IOException {}

    protected Agent startAgent() {
        return Agent.start(store, AgentConfig.of(node, "127.0.0.1", tmp.resolve("agent"))
                .withBackoff(Backoff.withBase(Duration.ofMillis(300))).withHeartbeatTtl(Duration.ofSeconds(3))
                .withNetwork(networking()).withApiPort(0));
    }

    @AfterEach
    void stopEngineAndAgent() {
        if (client == null) return;
        cleanUp();
        for (var p : client.list(Pod.class, ns).items()) client.delete(Pod.class, ns, p.name());
        await().atMost(Duration.ofSeconds(60)).until(() -> client.list(Pod.class, ns).items().isEmpty());
        for (var s : client.list(Service.class, ns).items()) client.delete(Service.class, ns, s.name());
        if (agent != null) agent.shutDownWithContainers(Duration.ofSeconds(1));
        engine.close();
        store.close();
    }

    /**
     * A busybox httpd pod labelled {@code app: web} on this node that answers with its own name;
     * {@code listen} is a port number or {@code $PORT} (the port the agent allocates for the named
     * container port {@code http}).
     */
    protected void httpdPod(String name, String listen) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        client.create(Json.fromYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: %s, labels: {app: web}}
                spec:
                  nodeName: %s
                  containers:
                  - name: httpd
                    image: busybox
                    workingDir: %s
                    env: [{name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]
                    command: [sh, -c, 'echo $POD_NAME > index.html; exec busybox httpd -f -p 127.0.0.1:%s -h .']
                    ports: [{name: http, containerPort: 8080}]
                """.formatted(name, ns, node, dir, listen), Pod.class));
    }

    /** Asks the engine to end a fault now, as {@code chaos halt} does. */
    protected <F extends Fault> void halt(Class<F> type, String name) {
        client.modify(type, ns, name, f -> {
            var ann = new HashMap<>(f.metadata().annotationsOrEmpty());
            ann.put(FaultLifetime.HALT_ANNOTATION, "true");
            @SuppressWarnings("unchecked")
            F out = (F) f.withMetadata(f.metadata().withAnnotations(ann));
            return out;
        });
    }

    protected <F extends Fault> F awaitPhase(Class<F> type, String name, ChaosPhase phase, Duration atMost) {
        await().atMost(atMost.toMillis(), TimeUnit.MILLISECONDS).pollInterval(Duration.ofMillis(20))
                .until(() -> client.require(type, ns, name).statusOrNew().phase() == phase);
        return client.require(type, ns, name);
    }

    /** Until every target the engine chose reports the fault injected. */
    protected <F extends Fault> void awaitInjected(Class<F> type, String name) {
        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(20)).until(() -> {
            ChaosStatus s = client.require(type, ns, name).statusOrNew();
            return s.phase() == ChaosPhase.RUNNING && !s.targets().isEmpty()
                    && s.targets().stream().allMatch(t -> t.injectedAt() != null);
        });
    }
}
