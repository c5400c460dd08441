package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.agent.Agent;
import dev.skiff.agent.AgentConfig;
import dev.skiff.api.Json;
import dev.skiff.api.Pod;
import dev.skiff.client.Client;
import dev.skiff.store.EtcdProcess;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** skiff top nodes|pods: live usage from a real agent running real processes. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TopLiveIT {
    @TempDir Path tmp;
    Store store;
    Client client;
    Agent agent;
    String server;
    final String node = "top-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void start() {
        server = EtcdProcess.shared().endpoint().getAuthority();
        store = EtcdStore.connect(EtcdProcess.shared().config());
        client = new Client(store, Clock.systemUTC());
        agent = Agent.start(store, AgentConfig.of(node, "127.0.0.1", tmp.resolve("agent")).withApiPort(0));
        // four busy loops in one process group: their share stays over 500m even on a loaded 2-core machine
        pod("burn", "for i in 1 2 3; do (while :; do :; done) & done; while :; do :; done");
        // about 80 MB held in a shell variable, then idle
        pod("hog", "x=$(head -c 80000000 /dev/zero | tr '\\0' a); while :; do sleep 600; done");
        for (var name : new String[] {"burn-" + node, "hog-" + node}) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                var s = client.require(Pod.class, "default", name).status();
                return s != null && s.containerStatuses() != null && s.containerStatuses().getFirst().state().running() != null;
            });
        }
    }

    private void pod(String name, String script) {
        client.create(Json.fromYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: %s-%s, namespace: default, labels: {top: %s}}
                spec:
                  nodeName: %s
                  containers:
                  - {name: main, image: busybox, command: [sh, -c, %s]}
                """.formatted(name, node, node, node, Json.toJson(script)), Pod.class));
    }

    @AfterEach
    void stop() {
        for (var name : new String[] {"burn-" + node, "hog-" + node}) client.delete(Pod.class, "default", name);
        await().atMost(Duration.ofSeconds(60)).until(() -> client.list(Pod.class, "default").items().stream()
                .noneMatch(p -> node.equals(p.spec().nodeName())));
        agent.close();
        store.close();
    }

    @Test
    void podsShowLiveCpuAndMemory() {
        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
            var top = CliRun.of("top", "pods", "-l", "top=" + node, "--server", server);
            assertThat(top.exitCode()).as(top.err()).isZero();
            assertThat(top.out()).startsWith("NAME").contains("CPU(cores)", "MEMORY(bytes)");
            assertThat(millicores(top.out(), "burn-" + node)).isGreaterThan(expectedBurn());
            assertThat(mebibytes(top.out(), "hog-" + node)).isGreaterThanOrEqualTo(75);
            assertThat(mebibytes(top.out(), "burn-" + node)).isLessThan(20);
        });
        var perContainer = CliRun.of("top", "pods", "burn-" + node, "--containers", "--server", server);
        assertThat(perContainer.out()).startsWith("POD").contains("burn-" + node + "   main");
    }

    @Test
    void nodesShowMachineUsageAgainstAllocatable() {
        var top = CliRun.of("top", "nodes", node, "--server", server);
        assertThat(top.exitCode()).as(top.err()).isZero();
        assertThat(top.out()).startsWith("NAME").contains("CPU(cores)", "CPU%", "MEMORY(bytes)", "MEMORY%");
        // the busy loops alone keep the machine above 500m
        assertThat(millicores(top.out(), node)).isGreaterThan(500);
        assertThat(top.out()).containsPattern(node + "\\s+\\d+m\\s+\\d+%\\s+\\d+Mi\\s+\\d+%");
    }

    /**
     * Over 500m on a machine with room; on a 2-core machine shared by a dozen busy builds (load 30+)
     * the four loops only get their fair share of it, so half of that share is the bar there.
     */
    private static long expectedBurn() throws java.io.IOException {
        double load = Double.parseDouble(java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        int cores = Runtime.getRuntime().availableProcessors();
        long fairShare = (long) Math.min(1000.0 * cores, 4000.0 * cores / Math.max(cores, load + 4));
        return Math.min(500, fairShare / 2);
    }

    private static long millicores(String table, String row) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(row) + "\\s+(\\d+)m").matcher(table);
        assertThat(m.find()).as("row " + row + " in\n" + table).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static long mebibytes(String table, String row) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(row) + "\\s+\\d+m\\s+(\\d+)Mi").matcher(table);
        assertThat(m.find()).as("row " + row + " in\n" + table).isTrue();
        return Long.parseLong(m.group(1));
    }
}
