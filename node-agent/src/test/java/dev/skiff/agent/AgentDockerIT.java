package dev.skiff.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.agent.http.AgentApiClient;
import dev.skiff.agent.http.AgentApiClient.LogQuery;
import dev.skiff.agent.runtime.ContainerHandle;
import dev.skiff.agent.runtime.docker.DockerRuntime;
import dev.skiff.agent.runtime.docker.PodmanApi;
import dev.skiff.api.Event;
import dev.skiff.api.Node;
import dev.skiff.api.PodPhase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The agent with the docker runtime, against Podman's Docker API (Podman is slow: few tests). */
class AgentDockerIT extends AgentFixture {

    @Override
    Agent startAgent() {
        return Agent.start(store, config().withDocker(PodmanApi.host().toString()),
                DockerRuntime.connect(PodmanApi.host(), node), true);
    }

    @Test
    void runsAContainerWithEventsLogsAndExec() throws Exception {
        assertThat(client.require(Node.class, null, node).metadata().labels()).containsEntry("skiff.dev/runtime", "docker");
        var name = podName("web");
        create("""
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: default}
                spec:
                  nodeName: "@NODE@"
                  terminationGracePeriodSeconds: 1
                  initContainers:
                  - {name: prepare, image: %s, command: [sh, -c, 'echo prepared > /work/state'], volumeMounts: [{name: work, mountPath: /work}]}
                  containers:
                  - name: app
                    image: %2$s
                    env: [{name: GREETING, value: hello}]
                    command: [sh, -c, 'cat /work/state; echo $GREETING from docker; exec sleep 600']
                    volumeMounts: [{name: work, mountPath: /work}]
                  volumes: [{name: work, emptyDir: {}}]
                """.formatted(name, PodmanApi.IMAGE));
        await().atMost(Duration.ofSeconds(90)).until(() -> status(name) != null && status(name).state().running() != null);
        assertThat(pod(name).status().phase()).isEqualTo(PodPhase.RUNNING);
        assertThat(status(name).containerID()).startsWith("docker://");

        var api = AgentApiClient.forPod(client, pod(name));
        var lines = new ArrayList<String>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            lines.clear();
            api.logs("default", name, LogQuery.all(null), lines::add);
            return lines.size() >= 2;
        });
        assertThat(lines).containsExactly("prepared", "hello from docker");
        var result = api.exec("default", name, "app", List.of("sh", "-c", "echo $GREETING; exit 4"), Duration.ofSeconds(30));
        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.stdout()).isEqualTo("hello\n");
        // top's figures: measured from the container's cgroups, as for process pods
        var usage = api.stats(Duration.ofMillis(300)).pods().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow()
                .containers().getFirst();
        assertThat(usage.memoryBytes()).as("memory of a docker container").isNotNull().isPositive();
        assertThat(usage.cpuMillicores()).as("cpu of a docker container").isNotNull();

        var uid = pod(name).metadata().uid();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.list(Event.class, "default").items().stream()
                .filter(e -> uid.equals(e.involvedObject().uid())).map(Event::message).toList()
                .containsAll(List.of("Container image \"" + PodmanApi.IMAGE + "\" already present on machine",
                        "Started container prepare", "Started container app")));
    }

    @Test
    void aContainerOverItsMemoryLimitIsOomKilled() {
        var name = podName("oom");
        create("""
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: default}
                spec:
                  nodeName: "@NODE@"
                  restartPolicy: Never
                  containers:
                  - name: hog
                    image: %s
                    command: [sh, -c, 'exec tail /dev/zero']
                    resources: {limits: {memory: 32Mi}}
                """.formatted(name, PodmanApi.IMAGE));
        await().atMost(Duration.ofSeconds(90)).until(() -> pod(name).status() != null
                && pod(name).status().phase() == PodPhase.FAILED);
        assertThat(status(name).state().terminated().reason()).isEqualTo("OOMKilled");
    }

    /**
     * A container killed behind the agent's back (an operator's {@code docker kill}) shows in its
     * pod's status within about a second: the agent hears the daemon's die event rather than finding
     * out at its next resync (every 5 s). Three pods, so a lucky resync cannot pass it.
     */
    @Test
    void anExitOutsideTheAgentShowsInThePodStatusAtOnce() {
        var names = List.of(podName("k1"), podName("k2"), podName("k3"));
        for (var name : names) {
            create("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: %s, namespace: default}
                    spec:
                      nodeName: "@NODE@"
                      restartPolicy: Never
                      containers: [{name: app, image: %s, command: [sleep, '600']}]
                    """.formatted(name, PodmanApi.IMAGE));
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> names.stream()
                .allMatch(n -> status(n) != null && status(n).state().running() != null));
        try (var outside = DockerRuntime.connect(PodmanApi.host(), node)) {
            for (var name : names) {
                var id = status(name).containerID().substring("docker://".length());
                outside.stop(new ContainerHandle(DockerRuntime.NAME, id, Map.of()), Duration.ZERO);
                long killed = System.nanoTime();
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                        .until(() -> pod(name).status().phase() == PodPhase.FAILED);
                var noticed = Duration.ofNanos(System.nanoTime() - killed);
                System.out.println("docker exit of " + name + " in its pod status after " + noticed.toMillis() + " ms");
                assertThat(noticed).isLessThan(Duration.ofMillis(2500));
                assertThat(status(name).state().terminated().exitCode()).isEqualTo(137);
            }
        }
    }
}
