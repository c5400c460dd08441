package dev.skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end, as an operator meets Skiff: ./skiff in a real terminal starts a local cluster and
 * a prompt; typing uses Tab, Ctrl-R and Ctrl-C; leaving stops what it started. (Slow suite:
 * starts a JVM, a store, an engine and two agents.)
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ShellTmuxIT {
    private static final Duration START = Duration.ofSeconds(120);

    /** Lets the prompt finish handling one key sequence before the next arrives, as a person would. */
    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The node agents a local cluster in {@code home} runs: their data directories are under it. */
    private static List<ProcessHandle> agents(Path home) {
        String nodes = home.resolve("local").resolve("nodes").toString();
        return ProcessHandle.allProcesses().filter(p -> p.info().arguments()
                .map(args -> java.util.Arrays.stream(args).anyMatch(a -> a.startsWith(nodes))
                        && java.util.Arrays.asList(args).contains("agent")).orElse(false)).toList();
    }

    private static boolean joined(String screen, String node) {
        return screen.contains("node " + node + " joined and is Ready") || screen.contains("node " + node + " is Ready");
    }

    /**
     * A line typed while the previous command still runs is run once that one ends (session 3 saw one
     * redrawn but not run): typed during a busy script, and right after Ctrl-C ends a watch, before
     * the prompt is back. The echoed lines hold neither awaited text; only their output does.
     */
    private static void typeAhead(Tmux t) {
        t.type("js let t0 = Date.now(); while (Date.now() - t0 < 3000) {} 'busy-' + 'done'").press("Enter");
        pause(500);
        t.type("get ns skiff-system -o yaml").press("Enter");
        t.await(Duration.ofSeconds(60), "the line typed while the script ran, run after it",
                s -> s.contains("busy-done") && s.indexOf("name: skiff-system") > s.indexOf("busy-done"));

        t.type("get ns -w").press("Enter");
        t.await(Duration.ofSeconds(30), "the watch's first rows", s -> s.indexOf("skiff-system", s.lastIndexOf("get ns -w")) > 0);
        t.press("C-c").type("get ns default -o yaml").press("Enter");
        t.await(Duration.ofSeconds(30), "the line typed as Ctrl-C ended the watch, run",
                s -> s.contains("name: default") && s.stripTrailing().endsWith("skiff(local:default)>"));
    }

    @Test
    void theLocalClusterPromptCompletesSearchesCancelsAndLeavesCleanly(@TempDir Path home) {
        String cmd = "cd " + Repo.root() + " && SKIFF_HOME=" + home + " ./skiff --nodes 2; echo SKIFF-EXITED-$?; sleep 60";
        try (Tmux t = Tmux.start(cmd, 160, 50)) {
            t.awaitText(START, "skiff(local:default)>");
            t.await(START, "both nodes to join", s -> joined(s, "node-1") && joined(s, "node-2"));

            t.await(Duration.ofSeconds(30), "the status line on the last row, both nodes Ready",
                    s -> t.statusLine().startsWith("nodes 2/2 Ready  ·  pods ") && t.statusLine().endsWith("namespace default"));
            List<ProcessHandle> agents = agents(home);
            assertThat(agents).as("the local cluster's agents").hasSize(2);

            t.type("api-reso").press("Tab");
            t.awaitText(Duration.ofSeconds(10), "api-resources");
            t.press("Enter");
            t.await(Duration.ofSeconds(30), "the kinds and the prompt after them", s -> s.contains("deployments")
                    && s.stripTrailing().endsWith("skiff(local:default)>"));

            t.type("get no").press("Tab");
            t.type(" ").press("Enter");
            t.await(Duration.ofSeconds(30), "the node table and the prompt after it", s -> s.contains("STATUS   ROLES")
                    && s.contains("node-2   Ready") && s.stripTrailing().endsWith("skiff(local:default)>"));

            t.press("C-r").type("api-re");
            t.awaitText(Duration.ofSeconds(10), "i-search"); // JLine's emacs mode says bck-i-search
            t.press("C-g");
            pause(500);
            t.press("C-c"); // whatever the search left on the line goes
            pause(500);

            t.type("this line is abandoned");
            t.awaitText(Duration.ofSeconds(10), "abandoned");
            t.press("C-c");
            t.await(Duration.ofSeconds(10), "a fresh prompt after Ctrl-C",
                    s -> s.stripTrailing().endsWith("skiff(local:default)>"));
            t.type("get ns").press("Enter");
            t.await(Duration.ofSeconds(30), "namespaces", s -> s.contains("skiff-system"));
            assertThat(t.screen()).doesNotContain("abandonedget");

            t.type("use skiff-system").press("Enter");
            t.await(Duration.ofSeconds(10), "the status line to follow the namespace",
                    s -> t.statusLine().endsWith("namespace skiff-system") && s.stripTrailing().endsWith("skiff(local:skiff-system)>"));
            t.type("use default").press("Enter");
            t.await(Duration.ofSeconds(10), "the default namespace again", s -> t.statusLine().endsWith("namespace default"));

            assertThat(agents).as("agents alive after Ctrl-C cleared the line (the terminal signals its foreground group)")
                    .allMatch(ProcessHandle::isAlive);
            typeAhead(t); // Ctrl-C for the watch: the terminal signals its foreground process group
            pause(2000);
            assertThat(agents).as("agents alive after Ctrl-C at the prompt").allMatch(ProcessHandle::isAlive);

            // a fault started at the prompt runs beside it: the prompt is back once the fault is in effect
            t.type("chaos drain node-2 --for 5m").press("Enter");
            t.await(Duration.ofSeconds(60), "the drain in effect and the prompt back", s -> s.contains("Running beside the prompt for 5m")
                    && s.stripTrailing().endsWith("skiff(local:default)>"));
            t.type("chaos status").press("Enter");
            t.await(Duration.ofSeconds(30), "the drain listed as running", s -> s.contains("nodechaos/node-drain-")
                    && s.substring(s.lastIndexOf("chaos status")).contains("Running"));
            t.type("chaos halt").press("Enter");
            t.awaitText(Duration.ofSeconds(30), "halted 1 of 1 active faults");
            t.type("get nodes").press("Enter");
            t.await(Duration.ofSeconds(30), "both nodes still Ready", s -> s.contains("node-1   Ready") && s.contains("node-2   Ready")
                    && s.stripTrailing().endsWith("skiff(local:default)>"));

            t.press("C-d");
            t.awaitText(Duration.ofSeconds(60), "SKIFF-EXITED-0");
            assertThat(agents).as("agents stopped with the prompt").noneMatch(ProcessHandle::isAlive);
        }
        assertThat(home.resolve("history")).exists();
        assertThat(home.resolve("local").resolve("store")).exists();
    }
}
