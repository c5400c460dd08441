package dev.skiff.bench;

import dev.skiff.api.Json;
import dev.skiff.api.Pod;
import dev.skiff.client.Client;
import dev.skiff.client.Informer;
import dev.skiff.client.NodeHeartbeat;
import dev.skiff.client.ResourceHandler;
import dev.skiff.e2e.Repo;
import dev.skiff.local.Launcher;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A real {@code ./skiff agent} child process (as an operator, or a local cluster, starts it): bound → Running
 * latency for 100 process pods and 20 docker pods (pods created with spec.nodeName, no scheduler),
 * its RSS idle and with 50 pods, and its CPU use idle over 60 s.
 */
final class AgentBench {
    static final int PROCESS_PODS = 100;
    static final int DOCKER_PODS = 20;
    static final String DOCKER_SOCKET = "/run/skiff-podman.sock";

    private AgentBench() {}

    static void run() {
        try (EtcdProcess etcd = EtcdProcess.start(); Store store = EtcdStore.connect(etcd.config())) {
            System.out.println("peer: etcd " + etcd.version() + "; agent: ./skiff agent, JVM flags (as Launcher's): "
                    + String.join(" ", Launcher.AGENT_JVM_FLAGS));
            System.out.printf("%-52s %10s%n", "figure", "value");
            var client = new Client(store, Clock.systemUTC());
            processAgent(etcd, store, client);
            dockerAgent(etcd, store, client);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void processAgent(EtcdProcess etcd, Store store, Client client) throws IOException {
        firstStart(etcd, store);
        var dir = Files.createTempDirectory("agent-bench");
        var agent = startAgent(etcd, "bench-proc", "process", dir);
        try {
            waitFor(() -> store.get(NodeHeartbeat.key("bench-proc")).isPresent(), Duration.ofSeconds(60));
            sleep(Duration.ofSeconds(10)); // let start-up settle
            row("agent RSS idle (MB)", rssMb(agent.pid()));
            row("agent CPU idle over 60 s (% of a core)", cpuPercent(agent.pid(), Duration.ofSeconds(60)));
            var first = latencies(client, "bench-proc", "p", 0, PROCESS_PODS / 2, null);
            sleep(Duration.ofSeconds(5));
            row("agent RSS with 50 process pods (MB)", rssMb(agent.pid()));
            var second = latencies(client, "bench-proc", "p", PROCESS_PODS / 2, PROCESS_PODS, null);
            var all = new Stats(PROCESS_PODS);
            first.forEach(all::add);
            second.forEach(all::add);
            row("process pods bound → Running p50 (ms)", all.percentileMs(50));
            row("process pods bound → Running p99 (ms)", all.percentileMs(99));
            row("agent CPU with 100 pods over 20 s (% of a core)", cpuPercent(agent.pid(), Duration.ofSeconds(20)));
            deleteAll(client, "bench-proc");
        } finally {
            stop(agent);
        }
    }

    /**
     * The first start after a build runs without a CDS archive and records one (written at exit): more RSS, once.
     * Every later start maps it; the figures after this one are those.
     */
    private static void firstStart(EtcdProcess etcd, Store store) throws IOException {
        var dir = Files.createTempDirectory("agent-bench-first");
        var agent = startAgent(etcd, "bench-first", "process", dir);
        try {
            waitFor(() -> store.get(NodeHeartbeat.key("bench-first")).isPresent(), Duration.ofSeconds(60));
            sleep(Duration.ofSeconds(10));
            row("agent RSS idle, first start after a build (MB)", rssMb(agent.pid()));
        } finally {
            stop(agent);
        }
    }

    private static void dockerAgent(EtcdProcess etcd, Store store, Client client) throws IOException {
        if (!Files.exists(Path.of(DOCKER_SOCKET))) {
            throw new IllegalStateException("no Podman API at " + DOCKER_SOCKET + ": run scripts/lib/podman-setup.sh");
        }
        var dir = Files.createTempDirectory("agent-bench-docker");
        var agent = startAgent(etcd, "bench-docker", "docker", dir);
        try {
            waitFor(() -> store.get(NodeHeartbeat.key("bench-docker")).isPresent(), Duration.ofSeconds(60));
            var samples = latencies(client, "bench-docker", "d", 0, DOCKER_PODS, "localhost/busybox:1");
            var stats = new Stats(DOCKER_PODS);
            samples.forEach(stats::add);
            row("docker pods bound → Running p50 (ms)", stats.percentileMs(50));
            row("docker pods bound → Running p99 (ms)", stats.percentileMs(99));
            deleteAll(client, "bench-docker");
        } finally {
            stop(agent);
        }
    }

    /** Creates pods [from, to) bound to {@code node}, one every 20 ms, and returns each one's create → Running time. */
    private static List<Long> latencies(Client client, String node, String prefix, int from, int to, String image) {
        var created = new ConcurrentHashMap<String, Long>();
        var running = new ConcurrentHashMap<String, Long>();
        try (var pods = new Informer<>(client, Pod.class, "default")) {
            pods.addHandler(new ResourceHandler<>() {
                @Override
                public void onAdd(Pod pod) {
                    seen(pod);
                }

                @Override
                public void onUpdate(Pod previous, Pod pod) {
                    seen(pod);
                }

                private void seen(Pod pod) {
                    var s = pod.status();
                    if (s != null && s.containerStatusesOrEmpty().stream().anyMatch(c -> c.state().running() != null)) {
                        running.putIfAbsent(pod.name(), System.nanoTime());
                    }
                }
            });
            pods.start();
            pods.awaitSynced(Duration.ofSeconds(30));
            for (int i = from; i < to; i++) {
                var name = prefix + "-" + i;
                created.put(name, System.nanoTime());
                client.create(pod(name, node, image));
                sleep(Duration.ofMillis(20));
            }
            waitFor(() -> created.keySet().stream().allMatch(running::containsKey), Duration.ofSeconds(180));
        }
        var out = new ArrayList<Long>();
        created.forEach((name, t0) -> out.add(running.get(name) - t0));
        return out;
    }

    static Pod pod(String name, String node, String image) {
        var container = image == null
                ? "{name: app, image: busybox, command: [sleep, '3600']}"
                : "{name: app, image: '" + image + "', imagePullPolicy: Never, command: [sleep, '3600']}";
        return Json.fromYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: default}
                spec:
                  nodeName: %s
                  terminationGracePeriodSeconds: 1
                  containers: [%s]
                """.formatted(name, node, container), Pod.class);
    }

    private static void deleteAll(Client client, String node) {
        for (var p : client.list(Pod.class, "default").items()) {
            if (node.equals(p.spec().nodeName())) client.delete(Pod.class, "default", p.name());
        }
        waitFor(() -> client.list(Pod.class, "default").items().stream().noneMatch(p -> node.equals(p.spec().nodeName())),
                Duration.ofSeconds(120));
    }

    /**
     * What an operator runs, and what a local cluster runs under {@code ./skiff}: the launcher with the agent's JVM
     * flags, class path, CDS archive and malloc settings (Maven built the distribution before this bench ran).
     */
    static Process startAgent(EtcdProcess etcd, String name, String runtime, Path dir) throws IOException {
        var cmd = new ArrayList<>(List.of(Repo.root().resolve("skiff").toString(), "agent",
                "--server", etcd.endpoint().getAuthority(), "--name", name, "--address", "127.0.0.1", "--api-port", "0",
                "--runtime", runtime, "--data-dir", dir.resolve("data").toString(), "--stop-pods-on-exit"));
        if (runtime.equals("docker")) cmd.addAll(List.of("--docker-host", "unix://" + DOCKER_SOCKET));
        var pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile());
        pb.environment().put("SKIFF_HOME", dir.resolve("home").toString());
        pb.environment().put("SKIFF_NO_BUILD", "1");
        return pb.start();
    }

    static void stop(Process agent) {
        agent.destroy();
        try {
            if (!agent.waitFor(30, TimeUnit.SECONDS)) agent.destroyForcibly();
        } catch (InterruptedException e) {
            agent.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static double rssMb(long pid) {
        try {
            for (var line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    /** utime + stime of the process over {@code window}, as a share of one core (clock ticks are 1/100 s on Linux). */
    static double cpuPercent(long pid, Duration window) {
        long before = cpuTicks(pid);
        long t0 = System.nanoTime();
        sleep(window);
        long ticks = cpuTicks(pid) - before;
        double seconds = (System.nanoTime() - t0) / 1e9;
        return ticks / 100.0 / seconds * 100.0;
    }

    static long cpuTicks(long pid) {
        try {
            var stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14 and 15)
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void row(String figure, double value) {
        System.out.printf("%-52s %10.1f%n", figure, value);
        System.out.flush();
    }

    static void waitFor(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("timed out after " + timeout);
            sleep(Duration.ofMillis(20));
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
