package dev.skiff.js;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.agent.Agent;
import dev.skiff.agent.AgentConfig;
import dev.skiff.api.Json;
import dev.skiff.api.Pod;
import dev.skiff.chaos.ChaosLease;
import dev.skiff.chaos.ChaosMode;
import dev.skiff.chaos.NodeChaos;
import dev.skiff.chaos.NodeChaosAction;
import dev.skiff.client.Client;
import dev.skiff.store.EtcdProcess;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The JS host's cluster.logs / cluster.exec and nodes().kill() against real etcd and a real agent. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JsAgentIT {
    @TempDir Path tmp;
    Store store;
    Client client;
    Agent agent;
    JsSession js;
    final List<String> printed = new CopyOnWriteArrayList<>();
    final String node = "jsagent-" + UUID.randomUUID().toString().substring(0, 8);
    final String pod = "talk-" + node;

    @BeforeEach
    void start() {
        store = EtcdStore.connect(EtcdProcess.shared().config());
        client = new Client(store, Clock.systemUTC());
        agent = Agent.start(store, AgentConfig.of(node, "127.0.0.1", tmp.resolve("agent")).withApiPort(0));
        client.create(Json.fromYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: default}
                spec:
                  nodeName: %s
                  containers:
                  - {name: main, image: busybox, command: [sh, -c, 'echo one; echo two; echo three; exec sleep 600']}
                  - {name: side, image: busybox, env: [{name: WHO, value: side}], command: [sh, -c, 'echo from side; exec sleep 600']}
                """.formatted(pod, node), Pod.class));
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            var s = client.require(Pod.class, "default", pod).status();
            return s != null && s.containerStatuses() != null && s.containerStatuses().size() == 2
                    && s.containerStatuses().stream().allMatch(c -> c.state().running() != null);
        });
        js = JsSession.start(new JsSession.Options(tmp, false, printed::add, () -> client, () -> "default", List.of(), null));
    }

    @AfterEach
    void stop() {
        js.close();
        client.delete(Pod.class, "default", pod);
        await().atMost(Duration.ofSeconds(60)).until(() -> client.get(Pod.class, "default", pod).isEmpty());
        agent.close();
        store.close();
    }

    private String eval(String code) {
        var outcome = js.eval(code);
        assertThat(outcome).as(code).isInstanceOf(JsSession.Outcome.Shown.class);
        return ((JsSession.Outcome.Shown) outcome).text();
    }

    private String failure(String code) {
        var outcome = js.eval(code);
        assertThat(outcome).as(code).isInstanceOf(JsSession.Outcome.Failed.class);
        return ((JsSession.Outcome.Failed) outcome).message();
    }

    @Test
    void logsAndExecAreAwaitable() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(eval("cluster.logs(\"" + pod + "\").then(JSON.stringify)")).isEqualTo("\"one\\ntwo\\nthree\\n\""));
        assertThat(eval("cluster.logs(pods().find(p => p.metadata.name === \"" + pod + "\"), {tail: 1}).then(JSON.stringify)"))
                .isEqualTo("\"three\\n\"");
        assertThat(eval("cluster.logs(\"pod/" + pod + "\", {container: \"side\"}).then(JSON.stringify)"))
                .isEqualTo("\"from side\\n\"");
        assertThat(eval("cluster.exec(\"" + pod + "\", \"true\") instanceof Promise")).isEqualTo("true");

        assertThat(eval("cluster.exec(\"" + pod + "\", \"echo $WHO; echo oops >&2; exit 3\", {container: \"side\"}).then(JSON.stringify)"))
                .isEqualTo("{\"exitCode\":3,\"stdout\":\"side\\n\",\"stderr\":\"oops\\n\"}");
        assertThat(eval("(await cluster.exec(\"" + pod + "\", [\"echo\", \"a b\"])).stdout")).contains("a b");

        assertThat(failure("await cluster.logs(\"" + pod + "\", {container: \"nope\"})"))
                .contains("container nope is not valid for pod " + pod);
        assertThat(failure("await cluster.exec(\"missing-" + node + "\", \"true\")"))
                .contains("pods \"missing-" + node + "\" not found in namespace default");
    }

    @Test
    void nodesKillCreatesALeaseHeldNodeDownFault() {
        assertThat(eval("const f = nodes({\"kubernetes.io/hostname\": \"" + node + "\"}).kill({for: \"30s\"}); f.metadata.name"))
                .contains("node-down-");
        String name = eval("f.metadata.name").replace("\"", "").replace("'", "");
        NodeChaos fault = client.require(NodeChaos.class, "default", name);
        assertThat(fault.spec().action()).isEqualTo(NodeChaosAction.NODE_DOWN);
        assertThat(fault.spec().selector().nodes()).containsExactly(node);
        assertThat(fault.spec().mode()).isEqualTo(ChaosMode.ALL);
        assertThat(fault.spec().duration()).isEqualTo("30s");
        long lease = ChaosLease.of(fault).orElseThrow();
        assertThat(ChaosLease.alive(store, lease)).isTrue();

        assertThat(eval("cluster.get(\"nodes\", \"" + node + "\").kill().spec.selector.nodes[0]")).contains(node);
        assertThat(failure("nodes(\"kubernetes.io/hostname=none-" + node + "\").kill()")).contains("no nodes to kill");
        assertThat(failure("cluster.get(\"nodes\", \"" + node + "\").kill({for: \"soon\"})"))
                .contains("spec.duration");

        js.close(); // the session ends: its faults' leases go, and with them the node-down
        await().atMost(Duration.ofSeconds(10)).until(() -> !ChaosLease.alive(store, lease));
        client.list(NodeChaos.class, "default").items().forEach(f -> client.delete(NodeChaos.class, "default", f.name()));
    }
}
