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
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
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

/** The agent in-process against real etcd, running real child processes. */
class AgentIT extends AgentFixture {
    @Test
    void registersTheNodeAndBeatsUntilClosed() {
        var n = client.require(Node.class, null, node);
        assertThat(n.metadata().labels()).containsEntry("kubernetes.io/hostname", node)
                .containsEntry("skiff.dev/runtime", "process").containsEntry("zone", "test")
                .containsKeys("kubernetes.io/arch", "kubernetes.io/os");
        assertThat(n.status().capacity()).containsKeys("cpu", "memory", "pods");
        assertThat(n.status().addresses()).anySatisfy(a -> assertThat(a.address()).isEqualTo("127.0.0.1"));
        assertThat(store.get(NodeHeartbeat.key(node))).isPresent();
        assertThat(n.status().daemonEndpoints().kubeletEndpoint().port()).isEqualTo(agent.apiPort());
        assertThat(dev.skiff.agent.http.AgentToken.read(client, node)).hasValueSatisfying(t -> assertThat(t).hasSize(64));

        long revision = n.metadata().revision();
        agent.close();
        agent = Agent.start(store, config()); // a restart with nothing changed writes nothing
        assertThat(client.require(Node.class, null, node).metadata().revision()).isEqualTo(revision);
        agent.close();
        assertThat(store.get(NodeHeartbeat.key(node))).isEmpty();
        agent = Agent.start(store, config());
    }

    /** etcd has no field selector: the agent sees every pod event, but keeps (and decodes) only its node's pods. */
    @Test
    void keepsOnlyItsOwnPodsWhileManyAreBoundElsewhere() {
        var elsewhere = "other-" + node;
        var names = new ArrayList<String>();
        try {
            for (int i = 0; i < 200; i++) {
                var name = podName("far");
                names.add(name);
                client.create(Json.fromYaml("""
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: %s, namespace: default}
                        spec:
                          nodeName: %s
                          containers: [{name: app, image: busybox, command: [sleep, "600"]}]
                        """.formatted(name, elsewhere), Pod.class));
            }
            var mine = podName("mine");
            create("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: %s, namespace: default}
                    spec:
                      nodeName: "@NODE@"
                      containers: [{name: app, image: busybox, command: [sleep, "600"]}]
                    """.formatted(mine));
            await().atMost(Duration.ofSeconds(60)).until(() -> status(mine) != null && status(mine).state().running() != null);
            // the newest pod write (mine's status; the 200 came before it): a later Event or Node write
            // is no pod event, so the pod cache's revision need never reach the store's
            long written = pod(mine).metadata().revision();
            await().atMost(Duration.ofSeconds(30)).until(() -> agent.podCacheRevision() >= written);
            assertThat(agent.cachedPods()).extracting(Pod::name).containsExactly(mine);
        } finally {
            for (var name : names) client.delete(Pod.class, "default", name, dev.skiff.client.DeleteOptions.now());
        }
    }

    @Test
    void aCrashLoopBacksOffAndRecovers() throws IOException {
        var work = Files.createDirectories(tmp.resolve("crash"));
        var name = podName("crash");
        create("""
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: default}
                spec:
                  nodeName: "@NODE@"
                  containers:
                  - name: app
                    image: busybox
                    workingDir: %s
                    command: [sh, -c]
                    args: ['n=$(cat n 2>/dev/null || echo 0); n=$((n+1)); echo $n > n; if [ $n -ge 4 ]; then exec sleep 600; fi; echo crash $n; exit 2']
                """.formatted(name, work));
        var reasons = Collections.synchronizedList(new ArrayList<String>());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            var s = status(name);
            if (s != null && s.state().waiting() != null) reasons.add(s.state().waiting().reason());
            return s != null && s.state().running() != null && s.restartCount() == 3;
        });
        assertThat(reasons).contains("CrashLoopBackOff");
        var s = status(name);
        assertThat(s.lastState().terminated().exitCode()).isEqualTo(2);
        assertThat(s.lastState().terminated().reason()).isEqualTo("Error");
        assertThat(pod(name).status().phase()).isEqualTo(PodPhase.RUNNING);
        await().atMost(Duration.ofSeconds(10)).until(() -> pod(name).status().ready());
        long rev = pod(name).metadata().revision();
        sleep(Duration.ofSeconds(6)); // an idle pod's status is not rewritten
        assertThat(pod(name).metadata().revision()).isEqualTo(rev);
    }

    @Test
    void probesDriveReadinessAndRestarts() throws IOException {
        var work = Files.createDirectories(tmp.resolve("probes"));
        Files.writeString(work.resolve("index.html"), "ok\n");
        var name = podName("probes");
        create("""
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: default}
                spec:
                  nodeName: "@NODE@"
                  containers:
                  - name: web
                    image: busybox
                    workingDir: %s
                    command: [sh, -c, 'touch alive; exec busybox httpd -f -p 127.0.0.1:$PORT -h .']
                    ports: [{name: http, containerPort: 8080}]
                    readinessProbe:
                      httpGet: {path: /ready.html, port: http}
                      periodSeconds: 1
                      failureThreshold: 1
                    livenessProbe:
                      exec: {command: [test, -f, alive]}
                      periodSeconds: 1
                      failureThreshold: 2
                """.formatted(name, work));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(name) != null && status(name).state().running() != null);
        var hostPorts = pod(name).status().hostPorts();
        assertThat(hostPorts).singleElement().satisfies(m -> {
            assertThat(m.containerPort()).isEqualTo(8080);
            assertThat(m.hostPort()).isPositive();
        });
        sleep(Duration.ofSeconds(2));
        assertThat(pod(name).status().ready()).as("ready.html is missing: not ready").isFalse();

        Files.writeString(work.resolve("ready.html"), "yes\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> pod(name).status().ready());
        Files.delete(work.resolve("ready.html"));
        await().atMost(Duration.ofSeconds(20)).until(() -> !pod(name).status().ready());

        Files.delete(work.resolve("alive"));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(name).restartCount() >= 1
                && status(name).state().running() != null);
        assertThat(Files.exists(work.resolve("alive"))).isTrue();
    }

    @Test
    void envResolvesFromLiteralsConfigMapsSecretsAndFields() throws IOException {
        var work = Files.createDirectories(tmp.resolve("env"));
        client.create(ConfigMap.of(ObjectMeta.named("default", "cfg-" + node), Map.of("color", "blue", "size", "L")));
        client.create(Secret.of(ObjectMeta.named("default", "sec-" + node), Map.of("password", "hunter2")));
        var name = podName("env");
        create("""
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: default}
                spec:
                  nodeName: "@NODE@"
                  restartPolicy: Never
                  containers:
                  - name: app
                    image: busybox
                    workingDir: %s
                    command: [sh, -c]
                    args: ['env > env.txt; echo ''$(GREETING) $(NOPE) $$(ESCAPED)'' > args.txt']
                    ports: [{name: metrics, containerPort: 9000}]
                    envFrom: [{prefix: CFG_, configMapRef: {name: cfg-@NODE@}}]
                    env:
                    - {name: GREETING, value: hello}
                    - {name: COMPOSED, value: '$(GREETING) world'}
                    - {name: COLOR, valueFrom: {configMapKeyRef: {name: cfg-@NODE@, key: color}}}
                    - {name: PASSWORD, valueFrom: {secretKeyRef: {name: sec-@NODE@, key: password}}}
                    - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
                    - {name: POD_NS, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}
                    - {name: NODE_NAME, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}
                    - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
                """.formatted(name, work));
        await().atMost(Duration.ofSeconds(30)).until(() -> pod(name).status() != null
                && pod(name).status().phase() == PodPhase.SUCCEEDED);
        var env = Files.readAllLines(work.resolve("env.txt"));
        var port = pod(name).status().hostPorts().getFirst().hostPort();
        assertThat(env).contains("GREETING=hello", "COMPOSED=hello world", "COLOR=blue", "PASSWORD=hunter2",
                "POD_NAME=" + name, "POD_NS=default", "NODE_NAME=" + node, "POD_IP=127.0.0.1", "CFG_color=blue",
                "CFG_size=L", "PORT=" + port, "PORT_METRICS=" + port);
        assertThat(Files.readString(work.resolve("args.txt"))).isEqualTo("hello $(NOPE) $(ESCAPED)\n");
        assertThat(status(name).state().terminated().reason()).isEqualTo("Completed");
    }

    @Test
    void deletionStopsGracefullyThenRemovesThePod() throws IOException {
        var work = Files.createDirectories(tmp.resolve("graceful"));
        var name = podName("graceful");
        create("""
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: default}
                spec:
                  nodeName: "@NODE@"
                  terminationGracePeriodSeconds: 20
                  containers:
                  - name: app
                    image: busybox
                    workingDir: %s
                    command: [sh, -c, 'trap "sleep 2; echo bye > bye.txt; exit 0" TERM; while true; do sleep 0.1; done']
                """.formatted(name, work));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(name) != null && status(name).state().running() != null);
        long t0 = System.nanoTime();
        client.delete(Pod.class, "default", name);
        await().atMost(Duration.ofSeconds(30)).until(() -> client.get(Pod.class, "default", name).isEmpty());
        var took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(took).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(15));
        assertThat(Files.readString(work.resolve("bye.txt"))).isEqualTo("bye\n");
        assertThat(agent.runtime().list()).isEmpty();
    }

    @Test
    void aContainerWithAnImageAndNoCommandSaysWhy() {
        var name = podName("nocmd");
        create("""
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: default}
                spec:
                  nodeName: "@NODE@"
                  containers:
                  - {name: app, image: nginx:1.27}
                """.formatted(name));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(name) != null && status(name).state().waiting() != null
                && "CreateContainerConfigError".equals(status(name).state().waiting().reason()));
        assertThat(status(name).state().waiting().message()).contains("give the container a command, or run the node with --runtime docker");
    }

    @Test
    void aRestartedAgentReattachesAndCleansUpPodsThatWentAway() throws IOException {
        var work = Files.createDirectories(tmp.resolve("reattach"));
        var keep = podName("keep");
        var gone = podName("gone");
        for (var n : List.of(keep, gone)) {
            create("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: %s, namespace: default}
                    spec:
                      nodeName: "@NODE@"
                      containers:
                      - name: app
                        image: busybox
                        workingDir: %s
                        command: [sh, -c, 'echo started >> %s.log; exec sleep 600']
                    """.formatted(n, work, n));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> status(keep) != null && status(keep).state().running() != null
                && status(gone) != null && status(gone).state().running() != null);
        var containerId = status(keep).containerID();
        agent.close();
        client.delete(Pod.class, "default", gone, dev.skiff.client.DeleteOptions.now()); // removed while the agent was away

        agent = Agent.start(store, config());
        await().atMost(Duration.ofSeconds(30)).until(() -> agent.runtime().list().size() == 1);
        assertThat(status(keep).containerID()).isEqualTo(containerId);
        assertThat(status(keep).restartCount()).isZero();
        assertThat(status(keep).state().running()).isNotNull();
        sleep(Duration.ofSeconds(1));
        assertThat(Files.readAllLines(work.resolve(keep + ".log"))).containsExactly("started");
    }

}
