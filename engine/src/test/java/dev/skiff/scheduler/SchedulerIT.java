package dev.skiff.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.Condition;
import dev.skiff.api.Event;
import dev.skiff.api.Node;
import dev.skiff.api.NodeSpec;
import dev.skiff.api.Pod;
import dev.skiff.api.PodPhase;
import dev.skiff.client.Client;
import dev.skiff.engine.Engine;
import dev.skiff.engine.EngineConfig;
import dev.skiff.store.EtcdProcess;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.embedded.EmbeddedServer;
import dev.skiff.store.embedded.EmbeddedServerConfig;
import dev.skiff.testing.HollowNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The scheduling loop in a real Engine over a real store, with hollow nodes playing agents. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SchedulerIT {

    private final List<AutoCloseable> resources = new ArrayList<>();
    private Store store;
    private Client client;

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable r : resources.reversed()) r.close();
    }

    private <T extends AutoCloseable> T keep(T r) {
        resources.add(r);
        return r;
    }

    private void onEtcd() {
        EtcdProcess etcd = keep(EtcdProcess.start());
        connect(etcd.config());
    }

    private void connect(StoreConfig config) {
        store = keep(EtcdStore.connect(config));
        client = new Client(store, Clock.systemUTC());
        Engine engine = keep(new Engine(store, EngineConfig.defaults().withIdentity("sched-it"), Clock.systemUTC(),
                Engine.builtIn()).start());
        await().atMost(20, TimeUnit.SECONDS).until(engine::isLeader);
        await().atMost(20, TimeUnit.SECONDS).until(() -> client.get(dev.skiff.api.Namespace.class, null, "default")
                .isPresent());
    }

    private HollowNode node(String name, String cpu) {
        return keep(HollowNode.start(store, name, cpu, "8Gi", Map.of()));
    }

    private Pod create(String name, String cpu) {
        return client.create(TestObjects.pod(name, cpu, "100Mi"));
    }

    private Pod get(String name) {
        return client.require(Pod.class, "default", name);
    }

    private Optional<Condition> scheduledCondition(String name) {
        Pod p = get(name);
        return p.status() == null ? Optional.empty()
                : p.status().conditionsOrEmpty().stream().filter(c -> c.type().equals("PodScheduled")).findFirst();
    }

    private List<Event> eventsAbout(String pod, String reason) {
        return client.list(Event.class, "default").items().stream()
                .filter(e -> e.involvedObject().name().equals(pod) && e.reason().equals(reason)).toList();
    }

    private static PodPhase phaseOf(Pod p) {
        return p.status() == null ? null : p.status().phase();
    }

    private void awaitRunningOn(String pod, String node) {
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
            Pod p = get(pod);
            assertThat(p.spec().nodeName()).isEqualTo(node);
            assertThat(phaseOf(p)).isEqualTo(PodPhase.RUNNING);
        });
    }

    @Test
    void pendingPodsAreBoundSpreadAndRunningWithAScheduledEvent() {
        onEtcd();
        boundAndRunning();
    }

    @Test
    void pendingPodsAreBoundAndRunningOnTheEmbeddedStore(@TempDir Path dir) {
        EmbeddedServer server = keep(EmbeddedServer.start(new EmbeddedServerConfig(dir, "127.0.0.1", 0)));
        connect(StoreConfig.parse("127.0.0.1:" + server.port()));
        boundAndRunning();
    }

    private void boundAndRunning() {
        node("n1", "2");
        node("n2", "2");
        node("n3", "2");
        for (int i = 0; i < 12; i++) create("web-" + i, "250m");
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertThat(client.list(Pod.class, "default").items())
                .allSatisfy(p -> assertThat(phaseOf(p)).isEqualTo(PodPhase.RUNNING)));
        List<Pod> pods = client.list(Pod.class, "default").items();
        // LeastAllocated spreads 12 equal pods over 3 equal nodes evenly
        assertThat(pods.stream().collect(java.util.stream.Collectors.groupingBy(p -> p.spec().nodeName(),
                java.util.stream.Collectors.counting()))).containsOnly(
                Map.entry("n1", 4L), Map.entry("n2", 4L), Map.entry("n3", 4L));
        String node = get("web-0").spec().nodeName();
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(eventsAbout("web-0", "Scheduled"))
                .singleElement().satisfies(e -> {
                    assertThat(e.message()).isEqualTo("Successfully assigned default/web-0 to " + node);
                    assertThat(e.type()).isEqualTo("Normal");
                }));
    }

    @Test
    void aPodTooBigForEveryNodeSaysWhyAndIsPlacedOnceABigEnoughNodeJoins() {
        onEtcd();
        node("small-1", "2");
        node("small-2", "2");
        create("big", "8");
        await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> assertThat(scheduledCondition("big"))
                .hasValueSatisfying(c -> {
                    assertThat(c.status()).isEqualTo("False");
                    assertThat(c.reason()).isEqualTo("Unschedulable");
                    assertThat(c.message()).isEqualTo("0/2 nodes are available: 2 Insufficient cpu.");
                }));
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(eventsAbout("big", "FailedScheduling"))
                .singleElement().satisfies(e -> {
                    assertThat(e.type()).isEqualTo("Warning");
                    assertThat(e.message()).isEqualTo("0/2 nodes are available: 2 Insufficient cpu.");
                }));
        assertThat(get("big").spec().nodeName()).isNull();
        // no timer retries it: the node joining does
        node("large", "16");
        awaitRunningOn("big", "large");
    }

    @Test
    void cordonedNodesGetNothingUntilUncordoned() {
        onEtcd();
        node("open", "2");
        node("closed", "8");
        client.modify(Node.class, null, "closed", n -> n.withSpec(new NodeSpec(null, null, true, null)));
        for (int i = 0; i < 6; i++) create("p-" + i, "100m");
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertThat(client.list(Pod.class, "default").items())
                .allSatisfy(p -> assertThat(p.spec().nodeName()).isEqualTo("open")));
        create("needs-closed", "4");
        await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> assertThat(scheduledCondition("needs-closed"))
                .hasValueSatisfying(c -> assertThat(c.message()).isEqualTo(
                        "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) were unschedulable.")));
        client.modify(Node.class, null, "closed", n -> n.withSpec(new NodeSpec(null, null, false, null)));
        awaitRunningOn("needs-closed", "closed");
    }

    @Test
    void deletingAPodMakesRoomForAParkedOne() {
        onEtcd();
        node("only", "2");
        create("first", "1500m");
        awaitRunningOn("first", "only");
        create("second", "1");
        await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> assertThat(scheduledCondition("second"))
                .hasValueSatisfying(c -> assertThat(c.message())
                        .isEqualTo("0/1 nodes are available: 1 Insufficient cpu.")));
        client.delete(Pod.class, "default", "first");
        awaitRunningOn("second", "only");
    }
}
