package dev.skiff.agent.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.agent.AgentNetworking;
import dev.skiff.agent.EngineAgentFixture;
import dev.skiff.api.ContainerStatus;
import dev.skiff.api.Json;
import dev.skiff.api.Node;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Pod;
import dev.skiff.chaos.ChaosLease;
import dev.skiff.chaos.ChaosMode;
import dev.skiff.chaos.ChaosPhase;
import dev.skiff.chaos.ChaosSelector;
import dev.skiff.chaos.ChaosTarget;
import dev.skiff.chaos.Fault;
import dev.skiff.chaos.NodeChaos;
import dev.skiff.chaos.NodeChaosAction;
import dev.skiff.chaos.NodeChaosSpec;
import dev.skiff.chaos.PodChaos;
import dev.skiff.chaos.PodChaosAction;
import dev.skiff.chaos.PodChaosSpec;
import dev.skiff.chaos.StressChaos;
import dev.skiff.chaos.StressChaosSpec;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The agents' fault executors end to end: a real engine (chaos controller, node lifecycle) and a
 * real agent with the process runtime over real etcd, faults on busybox httpd pods.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FaultExecutorIT extends EngineAgentFixture {
    int port;
    int dnsPort;

    @Override
    protected String prefix() {
        return "f";
    }

    @Override
    protected void beforeAgent() throws IOException {
        try (ServerSocket s = new ServerSocket(0); ServerSocket d = new ServerSocket(0)) {
            port = s.getLocalPort();
            dnsPort = d.getLocalPort();
        }
    }

    @Override
    protected AgentNetworking networking() {
        return AgentNetworking.DEFAULT.withDnsPort(dnsPort).withNodePortAddress("127.0.0.1");
    }

    @Override
    protected void cleanUp() {
        for (Class<? extends Fault> type : List.of(PodChaos.class, NodeChaos.class, StressChaos.class)) {
            for (var f : client.list(type, ns).items()) halt(type, f.name());
        }
    }

    @Test
    void containerKillRestartsTheContainer() throws Exception {
        httpd("web");
        awaitAnswering();
        client.create(PodChaos.of(ObjectMeta.named(ns, "kill"), podChaos(PodChaosAction.CONTAINER_KILL, null)));

        PodChaos done = awaitPhase(PodChaos.class, "kill", ChaosPhase.FINISHED, Duration.ofSeconds(30));
        assertThat(done.status().endReason()).isEqualTo("Completed");
        assertThat(done.status().targets()).singleElement().satisfies(t -> {
            assertThat(t.injectedAt()).isNotNull();
            assertThat(t.recoveredAt()).isNotNull();
        });
        await().atMost(30, TimeUnit.SECONDS).until(() -> restarts("web") == 1 && get().equals("web"));
        assertThat(agent.faults().applied()).isEmpty();
    }

    @Test
    void podFailureFreezesThePodForItsDurationThenResumesIt() throws Exception {
        httpd("web");
        awaitAnswering();
        client.create(PodChaos.of(ObjectMeta.named(ns, "freeze"), podChaos(PodChaosAction.POD_FAILURE, "4s")));

        awaitInjected(PodChaos.class, "freeze");
        assertThat(get()).startsWith("failed");
        PodChaos done = awaitPhase(PodChaos.class, "freeze", ChaosPhase.FINISHED, Duration.ofSeconds(30));
        assertThat(done.status().endReason()).isEqualTo("DurationElapsed");
        assertThat(done.status().targets().getFirst().message()).contains("resumed 1 container");
        assertThat(get()).isEqualTo("web");
        assertThat(restarts("web")).isZero();
    }

    @Test
    void aContainerRestartedDuringPodFailureIsFrozenAgain() throws Exception {
        httpd("web");
        awaitAnswering();
        client.create(PodChaos.of(ObjectMeta.named(ns, "freeze"), podChaos(PodChaosAction.POD_FAILURE, null)));
        awaitInjected(PodChaos.class, "freeze");
        var frozen = agent.faults().applied().getFirst().containers().getFirst();

        agent.runtime().stop(frozen, Duration.ZERO); // as a liveness probe failing while frozen would end it
        await().atMost(30, TimeUnit.SECONDS).until(() -> restarts("web") == 1);
        await().atMost(10, TimeUnit.SECONDS).until(() -> agent.faults().applied().getFirst().containers().size() == 2);
        Thread.sleep(500);
        assertThat(get()).as("the restarted container is frozen too").startsWith("failed");

        halt(PodChaos.class, "freeze");
        awaitAnsweringAgain(System.nanoTime());
        assertThat(awaitRecovered(PodChaos.class, "freeze").message()).contains("resumed 1 container");
    }

    @Test
    void haltRevertsWithinOneSecond() throws Exception {
        httpd("web");
        awaitAnswering();
        client.create(PodChaos.of(ObjectMeta.named(ns, "freeze"), podChaos(PodChaosAction.POD_FAILURE, null)));
        awaitInjected(PodChaos.class, "freeze");
        assertThat(get()).startsWith("failed");

        long halted = System.nanoTime();
        halt(PodChaos.class, "freeze");
        Duration took = awaitAnsweringAgain(halted);
        System.out.println("halt -> reverted: " + took.toMillis() + " ms");
        assertThat(took).isLessThan(Duration.ofSeconds(1));
        awaitRecovered(PodChaos.class, "freeze");
        assertThat(awaitPhase(PodChaos.class, "freeze", ChaosPhase.FINISHED, Duration.ofSeconds(10)).status().endReason())
                .isEqualTo("Halted");
    }

    @Test
    void deletingTheFaultRevertsItWithinOneSecondAndThenItIsGone() throws Exception {
        httpd("web");
        awaitAnswering();
        client.create(PodChaos.of(ObjectMeta.named(ns, "freeze"), podChaos(PodChaosAction.POD_FAILURE, null)));
        awaitInjected(PodChaos.class, "freeze");
        assertThat(get()).startsWith("failed");

        long deleted = System.nanoTime();
        client.delete(PodChaos.class, ns, "freeze");
        Duration took = awaitAnsweringAgain(deleted);
        System.out.println("delete -> reverted: " + took.toMillis() + " ms");
        assertThat(took).as("1 s target; the machine is shared").isLessThan(Duration.ofSeconds(2));
        // the finalizer held the object until the revert was confirmed, then let it go
        await().atMost(30, TimeUnit.SECONDS).until(() -> client.get(PodChaos.class, ns, "freeze").isEmpty());
        assertThat(agent.faults().applied()).isEmpty();
        assertThat(restarts("web")).isZero();
    }

    @Test
    void anAbandonedLeaseRevertsWithinItsTtlAndASecond() throws Exception {
        httpd("web");
        awaitAnswering();
        Duration ttl = Duration.ofSeconds(2);
        ChaosLease.Hold hold = ChaosLease.hold(store, ttl, "faults-it");
        client.create(PodChaos.of(ObjectMeta.named(ns, "freeze").withAnnotations(Map.of(ChaosLease.ANNOTATION, hold.annotation())),
                podChaos(PodChaosAction.POD_FAILURE, null)));
        awaitInjected(PodChaos.class, "freeze");

        long abandoned = System.nanoTime();
        hold.abandon();
        Duration took = awaitAnsweringAgain(abandoned);
        awaitRecovered(PodChaos.class, "freeze");
        System.out.println("lease abandoned -> reverted: " + took.toMillis() + " ms (ttl " + ttl.toMillis() + " ms)");
        // etcd may keep an expired lease up to about a second past its TTL before it revokes it
        assertThat(took).isLessThan(ttl.plusSeconds(2));
    }

    @Test
    void aRestartedAgentRevertsWhatItsLedgerHolds() throws Exception {
        httpd("web");
        awaitAnswering();
        client.create(PodChaos.of(ObjectMeta.named(ns, "freeze"), podChaos(PodChaosAction.POD_FAILURE, null)));
        awaitInjected(PodChaos.class, "freeze");
        assertThat(agent.faults().applied()).hasSize(1);

        agent.close(); // as a crash would leave it: the containers stay frozen, the ledger keeps the entry
        halt(PodChaos.class, "freeze");
        awaitPhase(PodChaos.class, "freeze", ChaosPhase.FINISHED, Duration.ofSeconds(30));
        assertThat(get()).startsWith("failed");

        agent = startAgent();
        await().atMost(10, TimeUnit.SECONDS).until(() -> get().equals("web"));
        assertThat(agent.faults().applied()).isEmpty();
        assertThat(restarts("web")).isZero();
    }

    @Test
    void nodeDownTakesTheNodeAwayForItsDurationAndBringsItsPodsBack() throws Exception {
        httpd("web");
        awaitAnswering();
        client.create(Json.fromYaml("""
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: %s}
                spec:
                  selector: {app: web}
                  ports: [{port: 80, targetPort: %d}]
                """.formatted(ns, port), dev.skiff.api.Service.class));
        await().atMost(10, TimeUnit.SECONDS).until(() -> !agent.proxy().orElseThrow().listening().isEmpty());
        assertThat(answers(agent.apiPort())).isTrue();
        client.create(NodeChaos.of(ObjectMeta.named(ns, "down"), new NodeChaosSpec(NodeChaosAction.NODE_DOWN,
                new ChaosSelector(null, null, null, null, List.of(node), null), ChaosMode.ONE, null, "6s", true)));

        awaitInjected(NodeChaos.class, "down");
        assertThat(agent.poweredOff()).isTrue();
        assertThat(get()).startsWith("failed");
        // as if the machine lost power: nothing of the agent answers either
        assertThat(agent.proxy().orElseThrow().listening()).isEmpty();
        assertThat(agent.dns()).isEmpty();
        assertThat(answers(agent.apiPort())).isFalse();
        await().atMost(10, TimeUnit.SECONDS).until(() -> !client.require(Node.class, null, node).ready());

        NodeChaos done = awaitPhase(NodeChaos.class, "down", ChaosPhase.FINISHED, Duration.ofSeconds(30));
        assertThat(done.status().targets().getFirst().message()).contains("powered on");
        await().atMost(30, TimeUnit.SECONDS).until(() -> client.require(Node.class, null, node).ready());
        await().atMost(30, TimeUnit.SECONDS).until(() -> get().equals("web"));
        assertThat(restarts("web")).isEqualTo(1);
        assertThat(agent.proxy().orElseThrow().listening()).isNotEmpty();
        assertThat(agent.dns()).isPresent();
        assertThat(answers(agent.apiPort())).isTrue();
    }

    @Test
    void aNodeDrainIsTheEnginesAndNeverPowersTheNodeOff() throws Exception {
        httpd("web");
        awaitAnswering();
        client.create(NodeChaos.of(ObjectMeta.named(ns, "drain"), new NodeChaosSpec(NodeChaosAction.NODE_DRAIN,
                new ChaosSelector(null, null, null, null, List.of(node), null), ChaosMode.ONE, null, "3s", true)));
        long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        while (System.nanoTime() < until) { // the agent used to play node-down for it when it saw it first
            assertThat(agent.poweredOff()).as("powered off by a node-drain").isFalse();
            assertThat(agent.faults().applied()).as("applied by the agent").isEmpty();
            Thread.sleep(20);
        }
        awaitPhase(NodeChaos.class, "drain", ChaosPhase.FINISHED, Duration.ofSeconds(30));
        assertThat(agent.poweredOff()).isFalse();
        assertThat(client.require(Node.class, null, node).spec().unschedulable()).as("uncordoned at the end").isNotEqualTo(Boolean.TRUE);
    }

    private static boolean answers(int tcpPort) {
        try (var s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", tcpPort), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void stressRunsAChildProcessThatUsesCpuAndIsGoneAfter() throws Exception {
        httpd("web");
        awaitAnswering();
        client.create(StressChaos.of(ObjectMeta.named(ns, "hot"), new StressChaosSpec(selector(), ChaosMode.ONE, null, "20s",
                new StressChaosSpec.Stressors(new StressChaosSpec.Cpu(1, 100), new StressChaosSpec.Memory(null, "160Mi")), true)));

        awaitInjected(StressChaos.class, "hot");
        LedgerEntry entry = agent.faults().applied().getFirst();
        ProcessHandle child = ProcessHandle.of(entry.pid()).orElseThrow();
        // the memory is really resident (a bare JVM of this size holds well under 160 MiB); the workers start after it
        await().atMost(20, TimeUnit.SECONDS).until(() -> rssKib(entry.pid()) > 160 * 1024);
        Duration cpuBefore = child.info().totalCpuDuration().orElseThrow();
        Thread.sleep(3000);
        Duration used = child.info().totalCpuDuration().orElseThrow().minus(cpuBefore);
        System.out.println("stress child used " + used.toMillis() + " ms cpu in 3 s");
        assertThat(used).isGreaterThan(Duration.ofMillis(150)); // an idle JVM uses next to nothing; the machine is shared
        // charged to the pod where its container has cgroups (the process runtime as root), else on the node
        var groups = agent.runtime().cgroups(agent.runtime().list().getFirst());
        String message = client.require(StressChaos.class, ns, "hot").status().targets().getFirst().message();
        System.out.println("stress: " + message + "; container cgroups: " + groups);
        if (groups.isEmpty()) {
            assertThat(message).contains("on the node");
        } else {
            assertThat(message).contains("charged to container httpd");
            assertThat(dev.skiff.agent.runtime.ProcCgroups.of(entry.pid())).containsAll(groups);
        }

        awaitPhase(StressChaos.class, "hot", ChaosPhase.FINISHED, Duration.ofSeconds(30));
        await().atMost(5, TimeUnit.SECONDS).until(() -> !child.isAlive());
        assertThat(agent.faults().applied()).isEmpty();
    }

    // ---- helpers

    private static long rssKib(long pid) throws IOException {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        return 0;
    }

    private void httpd(String name) throws IOException {
        httpdPod(name, Integer.toString(port));
    }

    /** How long after {@code since} (System.nanoTime) the frozen httpd answers again: a request waits for it to thaw. */
    private Duration awaitAnsweringAgain(long since) {
        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(1)).until(() -> get(Duration.ofSeconds(5)).equals("web"));
        return Duration.ofNanos(System.nanoTime() - since);
    }

    private void awaitAnswering() {
        await().atMost(60, TimeUnit.SECONDS).until(() -> get().equals("web"));
    }

    private ChaosSelector selector() {
        return new ChaosSelector(null, Map.of("app", "web"), null, null, null, null);
    }

    private PodChaosSpec podChaos(PodChaosAction action, String duration) {
        return new PodChaosSpec(action, selector(), ChaosMode.ONE, null, duration, null,
                action == PodChaosAction.CONTAINER_KILL ? List.of("httpd") : null, true);
    }

    private int restarts(String pod) {
        var s = client.require(Pod.class, ns, pod).status();
        if (s == null || s.containerStatuses() == null) return -1;
        return s.containerStatuses().stream().mapToInt(ContainerStatus::restartCount).sum();
    }

    private <F extends Fault> ChaosTarget awaitRecovered(Class<F> type, String name) {
        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(10)).until(() ->
                client.require(type, ns, name).statusOrNew().targets().getFirst().recoveredAt() != null);
        return client.require(type, ns, name).statusOrNew().targets().getFirst();
    }

    private String get() {
        return get(Duration.ofSeconds(1));
    }

    private String get(Duration timeout) {
        try {
            HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()
                    .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(timeout).build(),
                            HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body().strip() : "HTTP " + r.statusCode();
        } catch (IOException e) {
            return "failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
