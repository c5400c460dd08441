package dev.skiff.cli;

import dev.skiff.agent.http.AgentApiClient;
import dev.skiff.agent.http.UsageStats;
import dev.skiff.api.Node;
import dev.skiff.api.Pod;
import dev.skiff.api.Quantity;
import dev.skiff.client.Client;
import dev.skiff.output.Table;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code top}'s live figures: every node's agent is asked at once ({@code GET /stats}, CPU over
 * {@link #WINDOW}), and the answers are laid out in kubectl top's columns. A node whose agent does
 * not answer shows {@code <unknown>} and one line on stderr saying why.
 */
final class LiveUsage {
    static final Duration WINDOW = Duration.ofMillis(500);
    private static final String UNKNOWN = "<unknown>";

    private LiveUsage() {}

    static Table nodes(Client client, List<Node> nodes, PrintWriter err) throws InterruptedException {
        Map<String, Optional<UsageStats.Stats>> stats = ask(client, nodes.stream().map(Node::name).toList(), err);
        Table t = new Table(List.of("NAME", "CPU(cores)", "CPU%", "MEMORY(bytes)", "MEMORY%"));
        for (Node n : nodes) {
            var s = stats.getOrDefault(n.name(), Optional.empty()).map(UsageStats.Stats::node);
            Map<String, Quantity> alloc = n.status() == null ? null
                    : n.status().allocatable() != null ? n.status().allocatable() : n.status().capacity();
            t.row(s.map(u -> List.of(n.name(), u.cpuMillicores() + "m", percent(u.cpuMillicores(), TopCommand.get(alloc, "cpu").milliValue()),
                            mebibytes(u.memoryBytes()), percent(u.memoryBytes(), TopCommand.get(alloc, "memory").value())))
                    .orElse(List.of(n.name(), UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN)));
        }
        return t;
    }

    static Table pods(Client client, List<Pod> pods, boolean withNamespace, boolean perContainer, PrintWriter err)
            throws InterruptedException {
        var nodeNames = new LinkedHashSet<String>();
        for (Pod p : pods) if (p.spec() != null && p.spec().nodeName() != null) nodeNames.add(p.spec().nodeName());
        Map<String, UsageStats.PodUsage> usage = new HashMap<>();
        for (var s : ask(client, nodeNames, err).values()) {
            s.ifPresent(stats -> stats.pods().forEach(p -> usage.put(p.namespace() + "/" + p.name(), p)));
        }
        List<String> headers = new ArrayList<>();
        if (withNamespace) headers.add("NAMESPACE");
        headers.addAll(perContainer ? List.of("POD", "NAME", "CPU(cores)", "MEMORY(bytes)") : List.of("NAME", "CPU(cores)", "MEMORY(bytes)"));
        Table t = new Table(headers);
        for (Pod p : pods) {
            var u = usage.get(p.namespace() + "/" + p.name());
            if (perContainer && u != null) {
                for (var c : u.containers()) t.row(row(withNamespace, p, List.of(p.name(), c.name()), List.of(c)));
            } else if (!perContainer) {
                t.row(row(withNamespace, p, List.of(p.name()), u == null ? null : u.containers()));
            }
        }
        return t;
    }

    private static List<String> row(boolean withNamespace, Pod p, List<String> names, List<UsageStats.ContainerUsage> cs) {
        List<String> row = new ArrayList<>();
        if (withNamespace) row.add(p.namespace());
        row.addAll(names);
        if (cs == null || cs.stream().anyMatch(c -> c.cpuMillicores() == null)) {
            row.addAll(List.of(UNKNOWN, UNKNOWN));
        } else {
            row.add(cs.stream().mapToLong(UsageStats.ContainerUsage::cpuMillicores).sum() + "m");
            row.add(mebibytes(cs.stream().mapToLong(UsageStats.ContainerUsage::memoryBytes).sum()));
        }
        return row;
    }

    /** Each node's stats, asked in parallel (each answer takes the window); empty where the agent failed. */
    private static Map<String, Optional<UsageStats.Stats>> ask(Client client, Collection<String> nodes, PrintWriter err)
            throws InterruptedException {
        Map<String, Optional<UsageStats.Stats>> out = new java.util.concurrent.ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (String node : nodes) {
            threads.add(Thread.ofVirtual().name("top-" + node).start(() -> {
                try {
                    out.put(node, Optional.of(AgentApiClient.forNode(client, node).stats(WINDOW)));
                } catch (RuntimeException | InterruptedException e) { // unreachable agent or store, a bad answer: that node only
                    out.put(node, Optional.empty());
                    synchronized (err) {
                        err.println("warning: no usage from node " + node + ": " + e.getMessage());
                    }
                }
            }));
        }
        for (Thread t : threads) t.join();
        for (String node : nodes) out.putIfAbsent(node, Optional.empty());
        err.flush();
        return out;
    }

    static String mebibytes(long bytes) {
        return Math.ceilDiv(bytes, 1024 * 1024) + "Mi";
    }

    static String percent(long used, long of) {
        return of <= 0 ? UNKNOWN : Math.round(100.0 * used / of) + "%";
    }
}
