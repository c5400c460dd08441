package dev.skiff.cli;

import dev.skiff.api.Node;
import dev.skiff.api.Pod;
import dev.skiff.api.Quantity;
import dev.skiff.client.Client;
import dev.skiff.client.admission.PodResources;
import dev.skiff.output.Table;
import dev.skiff.store.Store;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code top nodes|pods}: live CPU and memory as kubectl prints them, read from every node's agent
 * ({@code GET /stats}, CPU over a short window); with {@code --allocated}, what is allocated instead
 * (summed requests and limits of the pods placed, as describe node's "Allocated resources").
 */
@Command(name = "top", description = "Show live CPU and memory of nodes or pods (--allocated: requests/limits).",
        subcommands = {TopCommand.Nodes.class, TopCommand.Pods.class})
public final class TopCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name what to show: top nodes or top pods");
    }

    /** Pods that hold their node's resources: bound and not finished. */
    static boolean holds(Pod p) {
        if (p.spec() == null || p.spec().nodeName() == null) return false;
        String phase = p.status() == null || p.status().phase() == null ? "" : p.status().phase().name();
        return !phase.equals("SUCCEEDED") && !phase.equals("FAILED");
    }

    static Quantity get(Map<String, Quantity> m, String resource) {
        Quantity q = m == null ? null : m.get(resource);
        return q == null ? Quantity.ZERO : q;
    }

    static String cpu(Quantity q) {
        return q.milliValue() + "m";
    }

    static String memory(Quantity q) {
        return Math.ceilDiv(q.value(), 1024 * 1024) + "Mi";
    }

    static String percent(Quantity used, Quantity of) {
        if (of.isZero()) return "<unknown>";
        return Math.round(100.0 * used.milliValue() / of.milliValue()) + "%";
    }

    @Command(name = "nodes", aliases = {"node", "no"}, description = "CPU and memory in use on each node, against what it can allocate.")
    static final class Nodes implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @Mixin ClusterOptions cluster;
        @CommandLine.Parameters(arity = "0..1", paramLabel = "NODE") String only;
        @Option(names = "--no-headers") boolean noHeaders;
        @Option(names = "--allocated", description = "Requests and limits allocated, not live usage.") boolean allocated;

        @Override
        public Integer call() throws InterruptedException {
            try (Store store = cluster.connect()) {
                Client client = ClusterOptions.client(store);
                List<Node> nodes = client.list(Node.class, null).items().stream()
                        .filter(n -> only == null || n.name().equals(only)).sorted(Comparator.comparing(Node::name)).toList();
                if (nodes.isEmpty()) {
                    if (only != null) throw new UserError("node \"" + only + "\" not found (see get nodes)");
                    spec.commandLine().getErr().println("No resources found");
                    return 0;
                }
                if (!allocated) {
                    spec.commandLine().getOut().print(LiveUsage.nodes(client, nodes, spec.commandLine().getErr()).render(!noHeaders));
                    return 0;
                }
                List<Pod> pods = client.list(Pod.class, null).items().stream().filter(TopCommand::holds).toList();
                Table t = new Table(List.of("NAME", "CPU(requests)", "CPU%", "MEMORY(requests)", "MEMORY%",
                        "CPU(limits)", "MEMORY(limits)", "PODS"));
                for (Node n : nodes) t.row(row(n, pods.stream().filter(p -> n.name().equals(p.spec().nodeName())).toList()));
                spec.commandLine().getOut().print(t.render(!noHeaders));
            }
            return 0;
        }

        static List<String> row(Node n, List<Pod> pods) {
            Quantity cpuReq = Quantity.ZERO, memReq = Quantity.ZERO, cpuLim = Quantity.ZERO, memLim = Quantity.ZERO;
            for (Pod p : pods) {
                Map<String, Quantity> req = PodResources.requests(p), lim = PodResources.limits(p);
                cpuReq = cpuReq.add(get(req, "cpu"));
                memReq = memReq.add(get(req, "memory"));
                cpuLim = cpuLim.add(get(lim, "cpu"));
                memLim = memLim.add(get(lim, "memory"));
            }
            Map<String, Quantity> alloc = n.status() == null ? null
                    : n.status().allocatable() != null ? n.status().allocatable() : n.status().capacity();
            return List.of(n.name(), cpu(cpuReq), percent(cpuReq, get(alloc, "cpu")), memory(memReq),
                    percent(memReq, get(alloc, "memory")), cpu(cpuLim), memory(memLim), Integer.toString(pods.size()));
        }
    }

    @Command(name = "pods", aliases = {"pod", "po"}, description = "CPU and memory in use by each pod.")
    static final class Pods implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @Mixin ClusterOptions cluster;
        @CommandLine.Parameters(arity = "0..1", paramLabel = "POD") String only;
        @Option(names = {"-n", "--namespace"}) String namespace;
        @Option(names = {"-A", "--all-namespaces"}) boolean allNamespaces;
        @Option(names = {"-l", "--selector"}) String selector;
        @Option(names = "--no-headers") boolean noHeaders;
        @Option(names = "--allocated", description = "Requests and limits, not live usage.") boolean allocated;
        @Option(names = "--containers", description = "One row per container.") boolean containers;

        @Override
        public Integer call() throws InterruptedException {
            String ns = allNamespaces ? null : namespace == null ? Namespaces.current() : namespace;
            try (Store store = cluster.connect()) {
                Client client = ClusterOptions.client(store);
                List<Pod> pods = client.list(Pod.class, ns, selector == null ? null : dev.skiff.api.LabelSelector.parse(selector))
                        .items().stream().filter(p -> only == null || p.name().equals(only)).toList();
                if (pods.isEmpty()) {
                    spec.commandLine().getErr().println("No resources found" + (ns == null ? "" : " in " + ns + " namespace."));
                    return only == null ? 0 : 1;
                }
                if (!allocated) {
                    spec.commandLine().getOut().print(LiveUsage.pods(client, pods, allNamespaces, containers,
                            spec.commandLine().getErr()).render(!noHeaders));
                    return 0;
                }
                List<String> headers = new ArrayList<>();
                if (allNamespaces) headers.add("NAMESPACE");
                headers.addAll(List.of("NAME", "CPU(requests)", "MEMORY(requests)", "CPU(limits)", "MEMORY(limits)", "NODE"));
                Table t = new Table(headers);
                for (Pod p : pods) {
                    List<String> row = new ArrayList<>();
                    if (allNamespaces) row.add(p.namespace());
                    Map<String, Quantity> req = PodResources.requests(p), lim = PodResources.limits(p);
                    row.addAll(List.of(p.name(), cpu(get(req, "cpu")), memory(get(req, "memory")), cpu(get(lim, "cpu")),
                            memory(get(lim, "memory")), p.spec() == null || p.spec().nodeName() == null ? "<none>" : p.spec().nodeName()));
                    t.row(row);
                }
                spec.commandLine().getOut().print(t.render(!noHeaders));
            }
            return 0;
        }
    }
}
