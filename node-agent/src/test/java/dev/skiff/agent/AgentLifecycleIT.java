package dev.skiff.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.Event;
import dev.skiff.api.PodPhase;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Init containers, the Events the agent records, and an out-of-memory kill under a real cgroup limit. */
class AgentLifecycleIT extends AgentFixture {

    List<String> events(String pod) {
        var uid = pod(pod).metadata().uid();
        return client.list(Event.class, "default").items().stream().filter(e -> uid.equals(e.involvedObject().uid()))
                .map(e -> e.type() + " " + e.reason() + ": " + e.message()).toList();
    }

    @Test
    void initContainersRunInOrderToCompletionBeforeTheContainers() throws IOException {
        var work = Files.createDirectories(tmp.resolve("init"));
        var name = podName("init");
        create("""
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: default}
                spec:
                  nodeName: "@NODE@"
                  initContainers:
                  - {name: first, image: busybox, workingDir: %s, command: [sh, -c, 'echo first >> order']}
                  - {name: second, image: busybox, workingDir: %2$s, command: [sh, -c, 'while [ ! -f go ]; do sleep 0.1; done; echo second >> order']}
                  containers:
                  - {name: app, image: busybox, workingDir: %2$s, command: [sh, -c, 'echo app >> order; exec sleep 600']}
                """.formatted(name, work));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var s = pod(name).status();
            return s != null && s.initContainerStatuses() != null && s.initContainerStatuses().get(1).state().running() != null;
        });
        var waiting = pod(name).status();
        assertThat(waiting.phase()).isEqualTo(PodPhase.PENDING);
        assertThat(waiting.conditionsOrEmpty()).anySatisfy(c -> {
            assertThat(c.type()).isEqualTo("Initialized");
            assertThat(c.statusTrue()).isFalse();
            assertThat(c.message()).isEqualTo("containers with incomplete status: [second]");
        });
        assertThat(waiting.initContainerStatuses().getFirst().state().terminated().reason()).isEqualTo("Completed");
        assertThat(waiting.containerStatuses().getFirst().state().waiting().reason()).isEqualTo("PodInitializing");

        Files.writeString(work.resolve("go"), "");
        await().atMost(Duration.ofSeconds(30)).until(() -> status(name).state().running() != null);
        assertThat(pod(name).status().phase()).isEqualTo(PodPhase.RUNNING);
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.readAllLines(work.resolve("order")).size() == 3);
        assertThat(Files.readAllLines(work.resolve("order"))).containsExactly("first", "second", "app");

        agent.close(); // a restarted agent does not run the init containers again
        agent = startAgent();
        sleep(Duration.ofSeconds(2));
        assertThat(Files.readAllLines(work.resolve("order"))).containsExactly("first", "second", "app");
    }

    @Test
    void aFailedInitContainerRetriesOrFailsThePodAsRestartPolicySays() throws IOException {
        var work = Files.createDirectories(tmp.resolve("initfail"));
        var retried = podName("retried");
        var never = podName("never");
        create("""
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: default}
                spec:
                  nodeName: "@NODE@"
                  initContainers:
                  - {name: flaky, image: busybox, workingDir: %s, command: [sh, -c, 'echo x >> tries; [ $(wc -l < tries) -ge 2 ]']}
                  containers:
                  - {name: app, image: busybox, command: [sleep, '600']}
                """.formatted(retried, work));
        create("""
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: default}
                spec:
                  nodeName: "@NODE@"
                  restartPolicy: Never
                  initContainers:
                  - {name: broken, image: busybox, command: [sh, -c, 'exit 7']}
                  containers:
                  - {name: app, image: busybox, command: [sleep, '600']}
                """.formatted(never));
        await().atMost(Duration.ofSeconds(30)).until(() -> pod(never).status() != null
                && pod(never).status().phase() == PodPhase.FAILED);
        var broken = pod(never).status().initContainerStatuses().getFirst();
        assertThat(broken.state().terminated().exitCode()).isEqualTo(7);
        assertThat(status(never).state().waiting().reason()).isEqualTo("PodInitializing");

        await().atMost(Duration.ofSeconds(30)).until(() -> status(retried) != null && status(retried).state().running() != null);
        assertThat(pod(retried).status().initContainerStatuses().getFirst().restartCount()).isEqualTo(1);
        assertThat(events(retried)).contains("Warning BackOff: Back-off restarting failed container flaky in pod "
                + retried + "_default(" + pod(retried).metadata().uid() + ")");
    }

    @Test
    void eventsTellWhatTheAgentDid() throws IOException {
        var work = Files.createDirectories(tmp.resolve("events"));
        var name = podName("events");
        create("""
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: default}
                spec:
                  nodeName: "@NODE@"
                  terminationGracePeriodSeconds: 2
                  containers:
                  - name: app
                    image: busybox
                    workingDir: %s
                    command: [sh, -c, 'touch alive; exec sleep 600']
                    livenessProbe:
                      exec: {command: [test, -f, alive]}
                      periodSeconds: 1
                      failureThreshold: 1
                """.formatted(name, work));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(name) != null && status(name).state().running() != null);
        await().atMost(Duration.ofSeconds(10)).until(() -> events(name).containsAll(List.of(
                "Normal Created: Created container app", "Normal Started: Started container app")));
        Files.delete(work.resolve("alive"));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(name).restartCount() >= 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> events(name).stream().anyMatch(e -> e.startsWith(
                "Warning Unhealthy: Liveness probe failed:")) && events(name).contains(
                "Normal Killing: Container app failed liveness probe, will be restarted"));
        // delete it while it runs again (not during the restart back-off): only then is there a container to stop
        await().atMost(Duration.ofSeconds(30)).until(() -> status(name).state().running() != null);
        var uid = pod(name).metadata().uid();
        client.delete(dev.skiff.api.Pod.class, "default", name);
        await().atMost(Duration.ofSeconds(30)).until(() -> client.list(Event.class, "default").items().stream()
                .anyMatch(e -> uid.equals(e.involvedObject().uid()) && "Killing".equals(e.reason())
                        && "Stopping container app".equals(e.message())));
    }

    @Test
    void aContainerOverItsMemoryLimitIsOomKilled() {
        assertThat(agent.runtime()).isInstanceOf(dev.skiff.agent.runtime.process.ProcessRuntime.class);
        assertThat(((dev.skiff.agent.runtime.process.ProcessRuntime) agent.runtime()).limitsNotEnforced())
                .as("this test needs root and a cgroup memory hierarchy (DESIGN §7)").isEmpty();
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
                    image: busybox
                    command: [sh, -c, 'exec tail /dev/zero']
                    resources: {limits: {memory: 32Mi}}
                """.formatted(name));
        await().atMost(Duration.ofSeconds(60)).until(() -> pod(name).status() != null
                && pod(name).status().phase() == PodPhase.FAILED);
        var terminated = status(name).state().terminated();
        assertThat(terminated.reason()).isEqualTo("OOMKilled");
        assertThat(terminated.exitCode()).isEqualTo(137);
    }
}
