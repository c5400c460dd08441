package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.ContainerStatus;
import dev.skiff.api.Json;
import dev.skiff.api.Node;
import dev.skiff.api.Pod;
import dev.skiff.client.Client;
import dev.skiff.client.NodeHeartbeat;
import dev.skiff.store.EtcdProcess;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code skiff agent} as a real child process: kill -9, restart, re-attach; the node's heartbeat goes with it. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AgentProcessIT {
    @TempDir Path tmp;
    final List<Process> agents = new ArrayList<>();
    final String node = "proc-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void killAgents() throws IOException {
        agents.forEach(Process::destroyForcibly);
        var pidFile = tmp.resolve("work/pid");
        if (Files.exists(pidFile)) { // a failed run leaves its pod behind: end it with the test
            ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    Process agent() throws IOException {
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.skiff.cli.Main", "agent",
                "--server", EtcdProcess.shared().endpoint().getAuthority(), "--name", node, "--address", "127.0.0.1",
                "--data-dir", tmp.resolve("agent").toString(), "--heartbeat-ttl", "2s", "--backoff-base", "500ms")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("agent-" + agents.size() + ".log").toFile()).start();
        agents.add(p);
        return p;
    }

    @Test
    void aKilledAgentComesBackToItsPodsWithoutDuplicatingThem() throws Exception {
        var work = Files.createDirectories(tmp.resolve("work"));
        try (Store store = EtcdStore.connect(EtcdProcess.shared().config())) {
            var client = new Client(store, Clock.systemUTC());
            var first = agent();
            await().atMost(Duration.ofSeconds(60)).until(() -> store.get(NodeHeartbeat.key(node)).isPresent());
            assertThat(client.require(Node.class, null, node).metadata().labels()).containsEntry("skiff.dev/runtime", "process");

            var name = "survivor-" + node;
            client.create(Json.fromYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: %s, namespace: default}
                    spec:
                      nodeName: %s
                      terminationGracePeriodSeconds: 5
                      containers:
                      - name: app
                        image: busybox
                        workingDir: %s
                        # $$$$ is $$ after Kubernetes-style $(VAR) expansion
                        command: [sh, -c, 'echo started >> starts; echo $$$$ > pid; exec sleep 600']
                    """.formatted(name, node, work), Pod.class));
            await().atMost(Duration.ofSeconds(30)).until(() -> running(client, name));
            var before = status(client, name);
            long pid = Long.parseLong(Files.readString(work.resolve("pid")).trim());

            first.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // kill -9
            await().atMost(Duration.ofSeconds(20)).until(() -> store.get(NodeHeartbeat.key(node)).isEmpty());
            assertThat(ProcessHandle.of(pid)).as("the pod outlives its agent").isPresent();

            var second = agent();
            await().atMost(Duration.ofSeconds(60)).until(() -> store.get(NodeHeartbeat.key(node)).isPresent());
            Thread.sleep(2000); // let it reconcile
            var after = status(client, name);
            assertThat(after.containerID()).isEqualTo(before.containerID());
            assertThat(after.restartCount()).isZero();
            assertThat(after.state().running()).isNotNull();
            assertThat(Files.readAllLines(work.resolve("starts"))).containsExactly("started");
            assertThat(ProcessHandle.of(pid)).isPresent();

            client.delete(Pod.class, "default", name);
            await().atMost(Duration.ofSeconds(30)).until(() -> client.get(Pod.class, "default", name).isEmpty());
            await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).isEmpty());

            second.destroy(); // SIGTERM: a clean stop revokes the heartbeat at once
            assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(store.get(NodeHeartbeat.key(node))).isEmpty();
        }
    }

    static ContainerStatus status(Client client, String name) {
        return client.require(Pod.class, "default", name).status().containerStatuses().getFirst();
    }

    static boolean running(Client client, String name) {
        var s = client.require(Pod.class, "default", name).status();
        return s != null && s.containerStatuses() != null && s.containerStatuses().getFirst().state().running() != null;
    }
}
