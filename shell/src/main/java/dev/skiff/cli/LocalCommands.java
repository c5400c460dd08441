package dev.skiff.cli;

import dev.skiff.api.Node;
import dev.skiff.api.Pod;
import dev.skiff.api.PodPhase;
import dev.skiff.client.Client;
import dev.skiff.local.Launcher;
import dev.skiff.local.LocalCluster;
import dev.skiff.local.LocalState;
import dev.skiff.store.Store;
import dev.skiff.store.StoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** skiff up / down / status: a local cluster in the background, for one-shot commands and scripts. */
final class LocalCommands {
    private LocalCommands() {}

    static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    @Command(name = "up", description = "Start a local cluster in the background (store, engine, N agents); returns when its nodes are Ready.")
    static final class Up implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @Option(names = "--nodes", defaultValue = "3", description = "How many node agents (default: ${DEFAULT-VALUE}).") int nodes;

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            Path home = SkiffHome.dir();
            Optional<String> running = LocalState.runningEndpoint(home);
            if (running.isPresent()) {
                out.println("a local cluster is already up at " + running.get() + " (skiff down stops it)");
                return 0;
            }
            List<String> cmd = new ArrayList<>(List.of("setsid"));
            cmd.addAll(Launcher.command("local-cluster", "--nodes", Integer.toString(nodes)));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().put("SKIFF_NO_BUILD", "1");
            pb.environment().put("SKIFF_HOME", home.toString());
            Path log = home.resolve("local").resolve("cluster.log");
            log.getParent().toFile().mkdirs();
            pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            try {
                pb.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the local cluster: " + e.getMessage(), e);
            }
            String endpoint = awaitEndpoint(home, log);
            int ready = awaitNodes(endpoint, nodes, log);
            out.println("local cluster up at " + endpoint + " with " + ready + " node(s) Ready (logs in " + log.getParent() + ")");
            return 0;
        }
    }

    @Command(name = "down", description = "Stop the local cluster started with 'skiff up', and every pod process it ran.")
    static final class Down implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            Optional<Long> pid = LocalState.pid(SkiffHome.dir());
            if (pid.isEmpty()) {
                out.println("no local cluster is running");
                return 0;
            }
            ProcessHandle p = ProcessHandle.of(pid.get()).orElseThrow();
            p.destroy();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (p.isAlive() && System.nanoTime() < deadline) Thread.sleep(100);
            if (p.isAlive()) throw new UserError("the local cluster (pid " + pid.get() + ") did not stop within 60 s; kill it with: kill -9 " + pid.get());
            out.println("local cluster stopped (state kept in " + SkiffHome.dir().resolve("local") + ")");
            return 0;
        }
    }

    @Command(name = "status", description = "Is a local cluster up, where, and how are its nodes.")
    static final class Status implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin ClusterOptions cluster;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            String endpoint = cluster.endpoints();
            try (Store store = cluster.connect()) {
                Client client = ClusterOptions.client(store);
                List<Node> nodes = client.list(Node.class, null).items();
                List<Pod> pods = client.list(Pod.class, null).items();
                long ready = nodes.stream().filter(Node::ready).count();
                long running = pods.stream().filter(p -> p.status() != null && p.status().phase() == PodPhase.RUNNING).count();
                out.println("cluster: " + endpoint + (LocalState.pid(SkiffHome.dir()).isPresent() ? " (local, started by skiff up)" : ""));
                out.println("nodes:   " + ready + "/" + nodes.size() + " Ready");
                out.println("pods:    " + running + "/" + pods.size() + " Running");
                return 0;
            } catch (StoreException.Unavailable e) {
                out.println("no cluster answers at " + endpoint + ": start one with 'skiff up' (or './skiff' for a prompt with its own)");
                return 1;
            }
        }
    }

    @Command(name = "local-cluster", hidden = true, description = "Run a local cluster in the foreground (what 'skiff up' starts).")
    static final class Run implements Callable<Integer> {
        @Option(names = "--nodes", defaultValue = "3") int nodes;

        @Override
        public Integer call() throws InterruptedException {
            Path home = SkiffHome.dir();
            LocalCluster cluster = LocalCluster.start(new LocalCluster.Config(home, nodes, 0));
            LocalState.writePid(home, ProcessHandle.current().pid());
            System.out.println("local cluster serving " + cluster.endpoint());
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                cluster.close();
                LocalState.clearPid(home);
                stopped.countDown();
            }, "local-cluster-shutdown"));
            stopped.await();
            return 0;
        }
    }

    private static String awaitEndpoint(Path home, Path log) throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> e = LocalState.runningEndpoint(home);
            if (e.isPresent() && LocalState.pid(home).isPresent()) return e.get();
            Thread.sleep(100);
        }
        throw new UserError("the local cluster did not start within " + READY_TIMEOUT.toSeconds() + " s; see " + log);
    }

    private static int awaitNodes(String endpoint, int nodes, Path log) throws InterruptedException {
        ClusterOptions options = new ClusterOptions();
        options.server = endpoint;
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Store store = options.connect()) {
            Client client = ClusterOptions.client(store);
            while (System.nanoTime() < deadline) {
                int ready = (int) client.list(Node.class, null).items().stream().filter(Node::ready).count();
                if (ready >= nodes) return ready;
                Thread.sleep(200);
            }
        }
        throw new UserError("the local cluster's nodes were not Ready within " + READY_TIMEOUT.toSeconds() + " s; see "
                + log.getParent() + "/nodes/*/agent.log");
    }
}
