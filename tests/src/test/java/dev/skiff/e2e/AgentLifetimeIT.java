package dev.skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.client.NodeHeartbeat;
import dev.skiff.store.EtcdProcess;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skiff agent --exit-with-parent}, as a local cluster starts its agents (in a session of their own, so the
 * prompt's Ctrl-C never reaches them): the agent stops when the process that started it ends, even killed outright.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AgentLifetimeIT {

    @Test
    void anAgentStartedWithExitWithParentStopsWhenItsParentIsKilled(@TempDir Path dir) throws Exception {
        String node = "lifetime-" + ProcessHandle.current().pid();
        Path pidFile = dir.resolve("agent.pid");
        String agent = String.join(" ", List.of(Repo.root().resolve("skiff").toString(), "agent",
                "--server", EtcdProcess.shared().endpoint().getAuthority(), "--name", node, "--address", "127.0.0.1",
                "--api-port", "0", "--dns-port", "0", "--no-proxy", "--data-dir", dir.resolve("data").toString(),
                "--exit-with-parent"));
        // the parent: a shell that starts the agent, says its pid, and waits
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", "setsid " + agent + " >" + dir.resolve("agent.log")
                + " 2>&1 & echo $! >" + pidFile + "; wait");
        pb.environment().put("SKIFF_NO_BUILD", "1");
        pb.environment().put("SKIFF_HOME", dir.resolve("home").toString());
        Process parent = pb.start();
        try (Store store = EtcdStore.connect(EtcdProcess.shared().config())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> store.get(NodeHeartbeat.key(node)).isPresent());
            ProcessHandle agentProcess = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).orElseThrow();
            assertThat(agentProcess.isAlive()).isTrue();

            parent.destroyForcibly(); // SIGKILL: no shutdown of the parent's own
            parent.waitFor();
            await("the agent ends with its parent").atMost(Duration.ofSeconds(20))
                    .until(() -> !agentProcess.isAlive());
            assertThat(Files.readString(dir.resolve("agent.log"))).contains("skiff agent: node " + node);
        } finally {
            parent.destroyForcibly();
            if (Files.exists(pidFile)) ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).ifPresent(ProcessHandle::destroy);
        }
    }
}
