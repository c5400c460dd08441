package dev.skiff.bench;

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
import java.util.regex.Pattern;

/**
 * A real {@code ./skiff agent} on a busy store: its RSS and live heap idle, then with 2,000 pods
 * bound to OTHER nodes (etcd has no field selector, so it receives every pod event), and the CPU
 * it spends while those pods are written. The agent keeps only its own node's pods.
 */
final class AgentCacheBench {
    static final int OTHER_PODS = 2_000;
    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

    private AgentCacheBench() {}

    static void run() {
        try (EtcdProcess etcd = EtcdProcess.start(); Store store = EtcdStore.connect(etcd.config())) {
            System.out.println("peer: etcd " + etcd.version() + "; agent: ./skiff agent (process runtime)");
            System.out.printf("%-52s %10s%n", "figure", "value");
            var client = new Client(store, Clock.systemUTC());
            warmCds(etcd, store);
            var dir = Files.createTempDirectory("agent-cache-bench");
            var agent = AgentBench.startAgent(etcd, "bench-cache", "process", dir);
            try {
                AgentBench.waitFor(() -> store.get(NodeHeartbeat.key("bench-cache")).isPresent(), Duration.ofSeconds(60));
                AgentBench.sleep(Duration.ofSeconds(10));
                figures(agent.pid(), "0 pods");
                long t0 = System.nanoTime();
                long cpu0 = AgentBench.cpuTicks(agent.pid());
                for (int i = 0; i < OTHER_PODS; i++) {
                    client.create(AgentBench.pod("far-" + i, "elsewhere-" + (i % 8), null));
                }
                AgentBench.sleep(Duration.ofSeconds(5)); // the agent's watch catches up
                double seconds = (System.nanoTime() - t0) / 1e9;
                AgentBench.row("agent CPU while 2,000 pods are written (% of a core)",
                        (AgentBench.cpuTicks(agent.pid()) - cpu0) / 100.0 / seconds * 100.0);
                AgentBench.sleep(Duration.ofSeconds(10));
                figures(agent.pid(), "2,000 pods bound elsewhere");
            } finally {
                AgentBench.stop(agent);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The first start after a build records the CDS archive (more RSS, once): not the figure an operator sees. */
    private static void warmCds(EtcdProcess etcd, Store store) throws IOException {
        var agent = AgentBench.startAgent(etcd, "bench-first", "process", Files.createTempDirectory("agent-cache-first"));
        try {
            AgentBench.waitFor(() -> store.get(NodeHeartbeat.key("bench-first")).isPresent(), Duration.ofSeconds(60));
        } finally {
            AgentBench.stop(agent);
        }
    }

    private static void figures(long pid, String with) {
        AgentBench.row("agent RSS idle, " + with + " (MB)", AgentBench.rssMb(pid));
        AgentBench.row("agent live heap after full GC, " + with + " (MB)", liveHeapMb(pid));
    }

    /** Heap in use after a full collection: what the agent keeps, not what it has not collected yet. */
    private static double liveHeapMb(long pid) {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        var m = HEAP_USED.matcher(info); // Serial prints one line per generation (DefNew, Tenured), G1 one for the heap
        long usedKb = 0;
        boolean any = false;
        while (m.find()) {
            usedKb += Long.parseLong(m.group(1));
            any = true;
        }
        if (!any) throw new IllegalStateException("jcmd GC.heap_info printed no heap figure:\n" + info);
        return usedKb / 1024.0;
    }

    private static String jcmd(long pid, String command) {
        try {
            var p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid), command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + out);
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
