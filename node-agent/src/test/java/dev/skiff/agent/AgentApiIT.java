package dev.skiff.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.skiff.agent.http.AgentApiClient;
import dev.skiff.agent.http.AgentApiClient.AgentApiException;
import dev.skiff.agent.http.AgentApiClient.LogQuery;
import dev.skiff.api.Node;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The agent's logs/exec API against real processes: what `skiff logs` and `skiff exec` stand on. */
class AgentApiIT extends AgentFixture {

    /** A pod whose first run writes two lines and crashes; the second run ticks every 200 ms. */
    String tickingPod() throws IOException {
        var work = Files.createDirectories(tmp.resolve("ticks"));
        var name = podName("ticks");
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
                    env: [{name: GREETING, value: hello}]
                    command: [sh, -c]
                    args: ['if [ ! -f ran ]; then touch ran; echo first 1; echo first 2; exit 1; fi; i=0; while [ $i -lt 3000 ]; do echo tick $i; i=$((i+1)); sleep 0.2; done']
                  - name: side
                    image: busybox
                    command: [sh, -c, 'echo side car; exec sleep 600']
                """.formatted(name, work));
        await().atMost(Duration.ofSeconds(60)).until(() -> status(name) != null && status(name).restartCount() == 1
                && status(name).state().running() != null);
        return name;
    }

    List<String> logs(String pod, LogQuery q) throws InterruptedException {
        var lines = Collections.synchronizedList(new ArrayList<String>());
        AgentApiClient.forPod(client, pod(pod)).logs("default", pod, q, lines::add);
        return lines;
    }

    @Test
    void logsOfTheCurrentAndPreviousRunWithTailSinceAndContainerChoice() throws Exception {
        var name = tickingPod();
        await().atMost(Duration.ofSeconds(10)).until(() -> logs(name, LogQuery.all(null)).size() >= 3);
        assertThat(logs(name, LogQuery.all(null))).startsWith("tick 0", "tick 1");
        assertThat(logs(name, new LogQuery("app", false, null, null, true, false))).containsExactly("first 1", "first 2");
        assertThat(logs(name, new LogQuery(null, false, 1, null, true, false))).containsExactly("first 2");
        assertThat(logs(name, new LogQuery(null, false, null, Instant.now().plusSeconds(3600), false, false))).isEmpty();
        assertThat(logs(name, new LogQuery(null, false, 1, null, false, true))).singleElement()
                .satisfies(l -> assertThat(l).matches("\\d{4}-\\d\\d-\\d\\dT.* tick \\d+"));
        assertThat(logs(name, LogQuery.all("side"))).containsExactly("side car");

        assertThatThrownBy(() -> logs(name, LogQuery.all("nope"))).isInstanceOf(AgentApiException.class)
                .hasMessageContaining("container nope is not valid for pod " + name + ": choose one of [app, side]");
        assertThatThrownBy(() -> logs(name, new LogQuery("side", false, null, null, true, false)))
                .isInstanceOf(AgentApiException.class)
                .hasMessage("previous terminated container \"side\" in pod \"" + name + "\" not found");
    }

    @Test
    void followStreamsNewLinesAndStopsOnInterrupt() throws Exception {
        var name = tickingPod();
        var lines = Collections.synchronizedList(new ArrayList<String>());
        var follower = Thread.ofVirtual().start(() -> {
            try {
                AgentApiClient.forPod(client, pod(name)).logs("default", name, new LogQuery(null, true, 1, null, false, false),
                        lines::add);
            } catch (InterruptedException e) {
                lines.add("<interrupted>");
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.size() >= 5);
        var first = Integer.parseInt(lines.getFirst().substring(5));
        var fifth = Integer.parseInt(lines.get(4).substring(5));
        assertThat(fifth).isEqualTo(first + 4); // one line of tail, then every new one in order
        follower.interrupt();
        follower.join(Duration.ofSeconds(5));
        assertThat(follower.isAlive()).as("an interrupt ends a follow (Ctrl-C)").isFalse();
        assertThat(lines).last().isEqualTo("<interrupted>");
    }

    @Test
    void execRunsInTheContainersContext() throws Exception {
        var name = tickingPod();
        var api = AgentApiClient.forPod(client, pod(name));
        var result = api.exec("default", name, "app", List.of("sh", "-c", "echo $GREETING; ls ran; echo oops >&2; exit 3"),
                Duration.ofSeconds(30));
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("hello\nran\n");
        assertThat(result.stderr()).isEqualTo("oops\n");
        var slow = api.exec("default", name, null, List.of("sleep", "30"), Duration.ofSeconds(1));
        assertThat(slow.timedOut()).isTrue();
    }

    @Test
    void theApiWantsTheTokenFromTheStore() throws Exception {
        var n = client.require(Node.class, null, node);
        var port = n.status().daemonEndpoints().kubeletEndpoint().port();
        var http = HttpClient.newHttpClient();
        for (var auth : List.of("", "Bearer wrong")) {
            var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/logs/default/x"));
            if (!auth.isEmpty()) b.header("Authorization", auth);
            var response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).contains("bearer token");
        }
        var token = dev.skiff.agent.http.AgentToken.read(client, node).orElseThrow();
        var missing = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/logs/default/not-here"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("pod default/not-here does not run on node " + node);
    }
}
