package dev.skiff.agent.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.agent.EngineAgentFixture;
import dev.skiff.api.Json;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Pod;
import dev.skiff.api.Service;
import dev.skiff.chaos.ChaosLease;
import dev.skiff.chaos.ChaosMode;
import dev.skiff.chaos.ChaosPhase;
import dev.skiff.chaos.ChaosSelector;
import dev.skiff.chaos.ChaosSource;
import dev.skiff.chaos.NetworkChaos;
import dev.skiff.chaos.NetworkChaosAction;
import dev.skiff.chaos.NetworkChaosSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * NetworkChaos end to end: a real engine picks the targets, the real agent marks them and its
 * service proxy applies the rule to requests through the Service's ClusterIP, over real etcd and a
 * busybox httpd pod. Each request is a new connection (HTTP/1.0), as the filter decides per burst.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class NetworkChaosEndToEndIT extends EngineAgentFixture {
    String clusterIp;

    @Override
    protected String prefix() {
        return "nc";
    }

    @Override
    protected void cleanUp() {
        for (var f : client.list(NetworkChaos.class, ns).items()) halt(NetworkChaos.class, f.name());
    }

    @BeforeEach
    void serveWeb() throws IOException {
        httpdPod("web", "$PORT");
        clusterIp = client.create(Json.fromYaml("""
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: %s}
                spec:
                  selector: {app: web}
                  ports: [{name: http, port: 80, targetPort: http}]
                """.formatted(ns), Service.class)).spec().clusterIP();
        await().atMost(60, TimeUnit.SECONDS).until(() -> get(Duration.ofSeconds(2)).equals("web"));
    }

    @Test
    void delayHoldsEachRequestForTheLatencyThenLiftsAfterTheDuration() {
        long before = p50(7);
        client.create(NetworkChaos.of(ObjectMeta.named(ns, "slow"), spec(NetworkChaosAction.DELAY, "4s",
                new NetworkChaosSpec.Delay("200ms", null, null))));
        awaitInjected("slow");

        long during = p50(7);
        System.out.println("GET via ClusterIP p50: " + before + " ms before, " + during + " ms under a 200ms delay");
        assertThat(during - before).isBetween(150L, 250L);

        NetworkChaos done = awaitPhase(NetworkChaos.class, "slow", ChaosPhase.FINISHED, Duration.ofSeconds(30));
        assertThat(done.status().endReason()).isEqualTo("DurationElapsed");
        assertThat(done.status().targets()).isNotEmpty().allSatisfy(t -> assertThat(t.recoveredAt()).isNotNull());
        long after = p50(7);
        System.out.println("GET via ClusterIP p50 after the fault: " + after + " ms");
        assertThat(after).isLessThan(before + 100);
    }

    @Test
    void aPartitionBlackHolesUntilHaltedAndRecoversWithinOneSecond() {
        client.create(NetworkChaos.of(ObjectMeta.named(ns, "cut"), spec(NetworkChaosAction.PARTITION, null, null)));
        awaitInjected("cut");
        assertThat(get(Duration.ofSeconds(1))).startsWith("failed");

        long halted = System.nanoTime();
        halt(NetworkChaos.class, "cut");
        Duration took = awaitAnsweringAgain(halted);
        System.out.println("halt -> partition lifted: " + took.toMillis() + " ms");
        assertThat(took).isLessThan(Duration.ofSeconds(1));
        assertThat(awaitPhase(NetworkChaos.class, "cut", ChaosPhase.FINISHED, Duration.ofSeconds(10)).status().endReason()).isEqualTo("Halted");
    }

    @Test
    void anAbandonedLeaseLiftsThePartitionWithinItsTtlAndTwoSeconds() {
        Duration ttl = Duration.ofSeconds(2);
        ChaosLease.Hold hold = ChaosLease.hold(store, ttl, "netchaos-it");
        client.create(NetworkChaos.of(ObjectMeta.named(ns, "cut").withAnnotations(Map.of(ChaosLease.ANNOTATION, hold.annotation())),
                spec(NetworkChaosAction.PARTITION, null, null)));
        awaitInjected("cut");
        assertThat(get(Duration.ofSeconds(1))).startsWith("failed");

        long abandoned = System.nanoTime();
        hold.abandon();
        Duration took = awaitAnsweringAgain(abandoned);
        System.out.println("lease abandoned -> partition lifted: " + took.toMillis() + " ms (ttl " + ttl.toMillis() + " ms)");
        assertThat(took).isLessThan(ttl.plusSeconds(2));
    }

    @Test
    void aPartitionFromSourcePodsBlackHolesTheirRequestsOnlyAndTheRestGetThrough() throws IOException {
        Path source = clientPod("client-a", "client");
        Path bystander = clientPod("batch-b", "batch");
        try {
            await().atMost(60, TimeUnit.SECONDS).until(() -> last(source).equals("ok") && last(bystander).equals("ok"));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("client pods never got through: " + last(source) + "/" + last(bystander) + ", pods "
                    + client.list(Pod.class, ns).items().stream().map(p -> p.name() + " " + Json.toJson(p.status())).toList(), e);
        }

        NetworkChaosSpec base = spec(NetworkChaosAction.PARTITION, null, null);
        client.create(NetworkChaos.of(ObjectMeta.named(ns, "cut-clients"), new NetworkChaosSpec(base.action(), base.selector(),
                base.mode(), null, null, null, new NetworkChaosSpec.Target(new ChaosSelector(null, Map.of("app", "client"), null,
                null, null, null), ChaosMode.ALL, null, List.of("web")), null, null, null, null, true)));
        awaitInjected("cut-clients");
        assertThat(client.require(NetworkChaos.class, ns, "cut-clients").status().sources())
                .extracting(ChaosSource::name).containsExactly("client-a");

        await().atMost(20, TimeUnit.SECONDS).until(() -> last(source).equals("fail"));
        assertThat(get(Duration.ofSeconds(2))).as("the test itself is no source pod").isEqualTo("web");
        for (int i = 0; i < 3; i++) {
            String before = Files.readString(bystander.resolve("n"));
            await().atMost(20, TimeUnit.SECONDS).until(() -> !Files.readString(bystander.resolve("n")).equals(before));
            assertThat(last(bystander)).as("the pod outside the source set").isEqualTo("ok");
        }
        halt(NetworkChaos.class, "cut-clients");
        await().atMost(20, TimeUnit.SECONDS).until(() -> last(source).equals("ok"));
    }

    /**
     * A process pod that GETs the service through its ClusterIP in a loop (3 s timeout) and writes
     * "ok" or "fail" to {@code status} in its working directory, and a counter to {@code n}.
     */
    private Path clientPod(String name, String app) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve("status"), "none");
        Files.writeString(dir.resolve("n"), "0");
        // busybox nc, not wget (Debian's busybox wget crashes here); timeout, as nc waits for a held reply forever
        String loop = "i=0; while true; do i=$((i+1)); if printf \"GET / HTTP/1.0\\r\\n\\r\\n\" | timeout 3 busybox nc " + clusterIp
                + " 80 2>/dev/null | grep -q " + "web; then r=ok; else r=fail; fi; echo $r > s.tmp && mv s.tmp status;"
                + " echo $i > n.tmp && mv n.tmp n; sleep 0.2; done";
        client.create(Json.fromYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: %s, labels: {app: %s}}
                spec:
                  nodeName: %s
                  containers:
                  - name: c
                    image: busybox
                    workingDir: %s
                    command: [sh, -c, '%s']
                """.formatted(name, ns, app, node, dir, loop), Pod.class));
        return dir;
    }

    private static String last(Path dir) throws IOException {
        return Files.readString(dir.resolve("status")).strip();
    }

    // ---- helpers

    private NetworkChaosSpec spec(NetworkChaosAction action, String duration, NetworkChaosSpec.Delay delay) {
        return new NetworkChaosSpec(action, new ChaosSelector(null, Map.of("app", "web"), null, null, null, null),
                ChaosMode.ALL, null, duration, null, new NetworkChaosSpec.Target(null, null, null, List.of("web")), delay, null,
                null, null, true);
    }

    /** The median time of {@code n} requests, in ms. */
    private long p50(int n) {
        List<Long> took = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            assertThat(get(Duration.ofSeconds(5))).isEqualTo("web");
            took.add(Duration.ofNanos(System.nanoTime() - t0).toMillis());
        }
        took.sort(null);
        return took.get(n / 2);
    }

    /** How long after {@code since} the service answers again: a held request goes on when the rule is lifted. */
    private Duration awaitAnsweringAgain(long since) {
        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(1)).until(() -> get(Duration.ofSeconds(5)).equals("web"));
        return Duration.ofNanos(System.nanoTime() - since);
    }

    /** GET / through the ClusterIP on a new connection: the body, or why not. */
    private String get(Duration timeout) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(clusterIp, 80), (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/1.0\r\nHost: web\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String reply = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!reply.startsWith("HTTP/1.0 200") && !reply.startsWith("HTTP/1.1 200")) return "HTTP " + reply.lines().findFirst().orElse("");
            return reply.substring(reply.indexOf("\r\n\r\n") + 4).strip();
        } catch (IOException e) {
            return "failed: " + e;
        }
    }

    private void awaitInjected(String name) {
        awaitInjected(NetworkChaos.class, name);
        // the rule reaches the proxy in the same pass that marks the target
        await().atMost(5, TimeUnit.SECONDS).until(() -> !agent.faults().applied().isEmpty());
    }
}
