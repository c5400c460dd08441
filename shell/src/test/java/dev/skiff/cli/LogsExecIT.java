package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.agent.Agent;
import dev.skiff.agent.AgentConfig;
import dev.skiff.agent.Backoff;
import dev.skiff.api.Json;
import dev.skiff.api.Pod;
import dev.skiff.client.Client;
import dev.skiff.store.EtcdProcess;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** skiff logs and skiff exec against a real agent running real processes. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LogsExecIT {
    @TempDir Path tmp;
    Store store;
    Client client;
    Agent agent;
    String server;
    final String node = "logs-" + UUID.randomUUID().toString().substring(0, 8);
    final String app = "app-" + node;

    @BeforeEach
    void start() throws Exception {
        server = EtcdProcess.shared().endpoint().getAuthority();
        store = EtcdStore.connect(EtcdProcess.shared().config());
        client = new Client(store, Clock.systemUTC());
        agent = Agent.start(store, AgentConfig.of(node, "127.0.0.1", tmp.resolve("agent"))
                .withBackoff(Backoff.withBase(Duration.ofMillis(500))).withApiPort(0));
        var work = Files.createDirectories(tmp.resolve("work"));
        for (int i = 1; i <= 2; i++) {
            client.create(Json.fromYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: %s-%d, namespace: default, labels: {app: %s}}
                    spec:
                      nodeName: %s
                      containers:
                      - name: main
                        image: busybox
                        workingDir: %s
                        command: [sh, -c]
                        args: ['if [ ! -f ran-%2$d ]; then touch ran-%2$d; echo crashed %2$d; exit 1; fi; echo line 1; echo line 2; i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done']
                      - {name: other, image: busybox, command: [sh, -c, 'echo from other; exec sleep 600']}
                    """.formatted(app, i, app, node, work), Pod.class));
        }
        for (int i = 1; i <= 2; i++) {
            var name = app + "-" + i;
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                var s = client.require(Pod.class, "default", name).status();
                return s != null && s.containerStatuses() != null && s.containerStatuses().getFirst().restartCount() == 1
                        && s.containerStatuses().getFirst().state().running() != null;
            });
        }
    }

    @AfterEach
    void stop() {
        for (int i = 1; i <= 2; i++) client.delete(Pod.class, "default", app + "-" + i);
        await().atMost(Duration.ofSeconds(60)).until(() -> client.list(Pod.class, "default").items().stream()
                .noneMatch(p -> node.equals(p.spec().nodeName())));
        agent.close();
        store.close();
    }

    @Test
    void logsWithContainerTailPreviousAndSelector() {
        var pod = app + "-1";
        var all = CliRun.of("logs", pod, "--server", server);
        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(all.out()).startsWith("line 1\nline 2\ntick 0\n");
        assertThat(all.err()).isEqualTo("Defaulted container \"main\" out of: main, other\n");

        assertThat(CliRun.of("logs", pod, "-c", "other", "--server", server).out()).isEqualTo("from other\n");
        assertThat(CliRun.of("logs", pod, "--previous", "--server", server).out()).isEqualTo("crashed 1\n");
        assertThat(CliRun.of("logs", pod, "-p", "--tail", "1", "--server", server).out()).isEqualTo("crashed 1\n");
        assertThat(CliRun.of("logs", pod, "--tail", "2", "--server", server).out().lines()).hasSize(2);
        assertThat(CliRun.of("logs", pod, "--since", "1s", "--server", server).out().lines().count()).isBetween(1L, 12L);

        var selected = CliRun.of("logs", "-l", "app=" + app, "-p", "--server", server);
        assertThat(selected.out()).isEqualTo("[pod/" + app + "-1/main] crashed 1\n[pod/" + app + "-2/main] crashed 2\n");

        var missing = CliRun.of("logs", pod, "-c", "nope", "--server", server);
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("container nope is not valid for pod " + pod + ": choose one of [main, other]");
    }

    @Test
    void logsFollowStopsOnInterrupt() throws Exception {
        var out = new StringWriter();
        var cl = SkiffCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        var code = new java.util.concurrent.atomic.AtomicInteger(-1);
        var run = Thread.ofVirtual().start(() -> code.set(cl.execute("logs", app + "-2", "-f", "--tail", "1", "--server", server)));
        await().atMost(Duration.ofSeconds(10)).until(() -> out.toString().lines().count() >= 4);
        run.interrupt(); // Ctrl-C at the prompt
        run.join(Duration.ofSeconds(5));
        assertThat(run.isAlive()).isFalse();
        assertThat(code.get()).isEqualTo(130);
        var lines = out.toString().lines().toList();
        var first = Integer.parseInt(lines.getFirst().substring(5));
        assertThat(lines.get(3)).isEqualTo("tick " + (first + 3));
    }

    @Test
    void execPrintsOutputAndExitsWithTheCommandsCode() {
        var run = CliRun.of("exec", app + "-1", "--server", server, "--", "sh", "-c", "pwd; ls ran-1; echo bad >&2; exit 5");
        assertThat(run.exitCode()).isEqualTo(5);
        assertThat(run.out()).isEqualTo(tmp.resolve("work") + "\nran-1\n");
        assertThat(run.err()).isEqualTo("bad\n");
        assertThat(CliRun.of("exec", "pod/" + app + "-1", "-c", "other", "--server", server, "--", "true").exitCode()).isZero();

        var usage = CliRun.of("exec", app + "-1", "--server", server);
        assertThat(usage.exitCode()).isEqualTo(1);
        assertThat(usage.err()).contains("give the command after --");
        var nowhere = CliRun.of("exec", "nope-" + node, "--server", server, "--", "true");
        assertThat(nowhere.exitCode()).isEqualTo(1);
        assertThat(nowhere.err()).contains("pods \"nope-" + node + "\" not found in namespace default");
    }
}
