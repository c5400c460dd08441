package dev.skiff.cli;

import dev.skiff.api.Json;
import dev.skiff.api.LabelSelector;
import dev.skiff.api.Manifest;
import dev.skiff.api.Manifests;
import dev.skiff.api.Namespace;
import dev.skiff.api.Node;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Pod;
import dev.skiff.api.ReplicaSet;
import dev.skiff.chaos.ChaosKinds;
import dev.skiff.chaos.ChaosLease;
import dev.skiff.chaos.ChaosMode;
import dev.skiff.chaos.ChaosPhase;
import dev.skiff.chaos.ChaosPlanner;
import dev.skiff.chaos.ChaosSelector;
import dev.skiff.chaos.ChaosSource;
import dev.skiff.chaos.ChaosTarget;
import dev.skiff.chaos.Fault;
import dev.skiff.chaos.HeldFaults;
import dev.skiff.chaos.FaultLifetime;
import dev.skiff.chaos.GoDuration;
import dev.skiff.chaos.NodeChaos;
import dev.skiff.chaos.NodeChaosAction;
import dev.skiff.chaos.NodeChaosSpec;
import dev.skiff.chaos.PodChaos;
import dev.skiff.chaos.PodChaosAction;
import dev.skiff.chaos.PodChaosSpec;
import dev.skiff.client.ApiException;
import dev.skiff.client.Client;
import dev.skiff.scenario.ScenarioParser;
import dev.skiff.scenario.ScenarioRuns;
import dev.skiff.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code skiff chaos …}: faults from the prompt. Each fault the CLI creates hangs on a lease this
 * process keeps alive while the fault runs, so a crashed or killed shell leaves nothing broken.
 */
@Command(name = "chaos", description = "Break things on purpose, safely: kill, drain, node-down, container-kill, pause,"
        + " stress, delay, loss, partition, preview, status, halt, run, report, monkey.",
        subcommands = {ChaosCommands.Kill.class, ChaosCommands.Drain.class, ChaosAgentCommands.NodeDown.class,
                ChaosAgentCommands.ContainerKill.class, ChaosAgentCommands.Pause.class, ChaosAgentCommands.Stress.class,
                ChaosNetworkCommands.Delay.class, ChaosNetworkCommands.Loss.class, ChaosNetworkCommands.Partition.class,
                ChaosCommands.Preview.class, ChaosCommands.Status.class, ChaosCommands.Halt.class,
                ChaosRunCommand.class, ChaosReportCommand.class, MonkeyCommands.class, CommandLine.HelpCommand.class})
final class ChaosCommands implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** How long a foreground command waits for the engine to act before saying so. */
    static final Duration ENGINE_WAIT = Duration.ofSeconds(30);

    /** What the kill and drain commands share: create (or preview) a fault and follow it. */
    abstract static class FaultCommand implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @Mixin ClusterOptions cluster;
        @Option(names = "--dry-run", description = "Show exactly which targets would be hit; change nothing.")
        boolean dryRun;
        @Option(names = "--force", description = "Allow hitting every replica of a workload (the blast radius).")
        boolean force;

        abstract Fault fault();

        /** A NodeChaos of {@code action} on one node, named after the action (or "preview" in a dry run). */
        NodeChaos nodeFault(NodeChaosAction action, String node, String duration) {
            ObjectMeta meta = new ObjectMeta(dryRun ? "preview" : null, action.wire() + "-", Namespaces.current(), null,
                    null, null, null, null, null, null, null, null, null);
            return NodeChaos.of(meta, new NodeChaosSpec(action, ChaosSelector.node(node), ChaosMode.ONE, null, duration,
                    force ? true : null));
        }

        /** The fault, when building it needs the cluster (a service's selector, say). */
        Fault fault(Client client) {
            return fault();
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        @Override
        public Integer call() {
            try (Store store = cluster.connect()) {
                Client client = ClusterOptions.client(store);
                Fault fault = fault(client);
                if (dryRun) {
                    // the server would refuse it on create: a preview must say so rather than show targets
                    var problems = fault.problems();
                    if (!problems.isEmpty()) {
                        throw new UserError("the " + fault.kind() + " would be refused: " + String.join("; ",
                                problems.stream().map(e -> e.path() + ": " + e.message()).toList()));
                    }
                    return preview(client, fault, out());
                }
                HeldFaults session = SessionFaults.of(cluster);
                if (session != null) return follow(client, created(session.create(client, fault)), true);
                try (ChaosLease.Hold hold = ChaosLease.hold(store, ChaosLease.DEFAULT_TTL, holder())) {
                    return follow(client, created(client.create(hold.stamp(fault))), false);
                }
            }
        }

        private Fault created(Fault created) {
            out().println(ChaosKinds.ALL.stream().filter(k -> k.type() == created.getClass()).findFirst()
                    .orElseThrow().resource() + "/" + created.name() + " created");
            return created;
        }

        /**
         * Waits until the fault ends (the lease held the whole time), printing each step once; at the prompt
         * ({@code untilInjected}) only until it is in full effect: it runs on as the session's.
         */
        private int follow(Client client, Fault created, boolean untilInjected) {
            Instant deadline = Instant.now().plus(ENGINE_WAIT);
            int printed = 0;
            while (true) {
                Fault now = client.require(created.getClass(), created.namespace(), created.name());
                var status = now.statusOrNew();
                var records = status.records();
                for (; printed < records.size(); printed++) {
                    var r = records.get(printed);
                    out().println("  " + r.event() + (r.target() == null ? "" : " " + r.target())
                            + (r.message() == null ? "" : ": " + r.message()));
                }
                if (status.phase() == ChaosPhase.FAILED) {
                    throw new UserError(status.conditions().isEmpty() ? "the fault failed"
                            : status.conditions().getFirst().message());
                }
                if (status.ended()) return 0;
                if (untilInjected && status.injected()) {
                    String duration = created.spec().duration() == null ? "" : " for " + created.spec().duration();
                    out().println("  Running beside the prompt" + duration
                            + ": chaos status shows it, chaos halt ends it, and so does leaving the prompt");
                    return 0;
                }
                if (status.phase() == null && Instant.now().isAfter(deadline)) {
                    throw new UserError("no engine picked up the fault within " + GoDuration.format(ENGINE_WAIT)
                            + ": is the cluster's engine running (skiff server, or skiff up)?");
                }
                sleep(100);
            }
        }
    }

    static int preview(Client client, Fault fault, PrintWriter out) {
        ChaosPlanner.Plan plan = ChaosPlanner.plan(fault, world(client), new SplittableRandom());
        String what = fault.kind() + " " + fault.spec().actionName() + " (" + fault.spec().mode()
                + (fault.spec().value() == null ? "" : " " + fault.spec().value()) + ")";
        out.println(what + ": " + plan.matched() + " matched, " + plan.targets().size() + " would be hit:");
        for (ChaosTarget t : plan.targets()) {
            out.println("  " + t.ref() + (t.node() == null || t.kind().equals("Node") ? "" : " on " + t.node())
                    + (t.workload() == null ? "" : " (" + t.workload() + ")"));
        }
        if (!plan.sources().isEmpty()) out.println("only traffic from " + plan.sources().size() + " source pods:");
        for (ChaosSource src : plan.sources()) {
            out.println("  " + src.ref() + (src.node() == null ? "" : " on " + src.node()));
        }
        plan.losses().forEach(l -> out.println("  " + l.workload() + ": " + l.hit() + " of " + l.live() + " replicas down"));
        if (plan.refused()) {
            out.println("refused: " + plan.refusal().get());
            return 1;
        }
        out.println("nothing changed (dry run)");
        return 0;
    }

    static ChaosPlanner.World world(Client client) {
        return new ChaosPlanner.World(client.list(Pod.class, null).items(), client.list(Namespace.class, null).items(),
                client.list(Node.class, null).items(), client.list(ReplicaSet.class, null).items());
    }

    static String holder() {
        return "skiff chaos, pid " + ProcessHandle.current().pid() + " on " + ManagementFactory.getRuntimeMXBean().getName();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted");
        }
    }

    @Command(name = "kill", description = "Kill pods (pod-kill): chaos kill pod NAME | chaos kill pod -l SELECTOR.")
    static final class Kill extends FaultCommand {
        @Parameters(index = "0", paramLabel = "pod", description = "What to kill: pod.") String what;
        @Parameters(index = "1", arity = "0..1", paramLabel = "NAME") String name;
        @Option(names = {"-l", "--selector"}, description = "Label selector, e.g. app=web.") String selector;
        @Option(names = {"-n", "--namespace"}) String namespace;
        @Option(names = "--mode", defaultValue = "one", description = "one, all, fixed, fixed-percent, random-max-percent.")
        String mode;
        @Option(names = "--value", description = "For fixed: how many; for the percent modes: the percentage.") String value;
        @Option(names = "--grace-period", description = "Seconds to let the pod stop (0 = kill at once).") Long grace;
        @Option(names = "--for", paramLabel = "DURATION", description = "Keep the fault on record this long (e.g. 30s).")
        String duration;

        @Override
        Fault fault() {
            if (!"pod".equals(what) && !"pods".equals(what) && !"po".equals(what)) {
                throw new UserError("chaos kill takes pod NAME or pod -l SELECTOR, not \"" + what + "\"");
            }
            if ((name == null) == (selector == null)) {
                throw new UserError("name one pod (chaos kill pod NAME) or select some (chaos kill pod -l app=web)");
            }
            String ns = namespace == null ? Namespaces.current() : namespace;
            ChaosSelector sel = name != null ? ChaosSelector.pod(ns, name) : ChaosSelector.labels(ns, LabelSelector.parse(selector));
            ChaosMode m = parseMode(mode);
            ObjectMeta meta = new ObjectMeta(null, "pod-kill-", ns, null, null, null, null, null, null, null, null, null, null);
            PodChaos pc = PodChaos.of(meta, new PodChaosSpec(PodChaosAction.POD_KILL, sel, m, value, duration, grace, null,
                    force ? true : null));
            return dryRun ? pc.withMetadata(meta.withName("preview")) : pc;
        }
    }

    @Command(name = "drain", description = "Drain a node for a while: cordon, evict its pods, uncordon after --for.")
    static final class Drain extends FaultCommand {
        @Parameters(index = "0", paramLabel = "NODE") String node;
        @Option(names = "--for", required = true, paramLabel = "DURATION", description = "How long, e.g. 60s.") String duration;

        @Override
        Fault fault() {
            return nodeFault(NodeChaosAction.NODE_DRAIN, node, duration);
        }
    }

    static ChaosMode parseMode(String mode) {
        try {
            return ChaosMode.of(mode);
        } catch (IllegalArgumentException e) {
            throw new UserError("--mode: " + e.getMessage());
        }
    }

    @Command(name = "preview", description = "Show exactly which targets the faults in FILE (manifests, or a scenario) would hit;"
            + " change nothing.")
    static final class Preview implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @Mixin ClusterOptions cluster;
        @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE") String file;
        @Option(names = {"-n", "--namespace"}) String namespace;

        @Override
        public Integer call() throws IOException {
            if (isScenario(Path.of(file))) return previewScenario();
            List<Fault> faults = new ArrayList<>();
            for (Manifest m : Manifests.parseFiles(List.of(Path.of(file)))) {
                if (!(Namespaces.place(m.resource(), namespace) instanceof Fault f)) {
                    throw new UserError(file + ": " + m.resource().kind() + " is not a fault (PodChaos, NodeChaos, …)");
                }
                faults.add(f);
            }
            int code = 0;
            try (Store store = cluster.connect()) {
                Client client = ClusterOptions.client(store);
                for (Fault f : faults) code = Math.max(code, preview(client, f, spec.commandLine().getOut()));
            }
            return code;
        }

        /** A scenario previews as {@code chaos run FILE --dry-run} does: every fault step's targets. */
        private int previewScenario() throws IOException {
            String ns = namespace == null ? Namespaces.current() : namespace;
            var scenario = ScenarioParser.parse(Files.readString(Path.of(file)), file, ns, null);
            try (Store store = cluster.connect()) {
                return ChaosRunCommand.dryRun(ClusterOptions.client(store), scenario, spec.commandLine().getOut());
            }
        }

        /** Chaos Toolkit's shape (a method, no kind), not a manifest; an unreadable file is left to the manifest reader's errors. */
        private static boolean isScenario(Path path) {
            try {
                var tree = Json.yaml().readTree(Files.readString(path));
                return tree != null && tree.isObject() && !tree.has("kind") && tree.has("method");
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
    }

    /** Every fault not yet ended, in every namespace. */
    static List<Fault> active(Client client) {
        List<Fault> out = new ArrayList<>();
        for (Class<? extends Fault> type : ChaosKinds.TYPES) {
            for (Fault f : client.list(type, null).items()) if (!f.statusOrNew().ended()) out.add(f);
        }
        return out;
    }

    @Command(name = "status", description = "Active faults: targets and time left.")
    static final class Status implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @Mixin ClusterOptions cluster;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Store store = cluster.connect()) {
                List<Fault> faults = active(ClusterOptions.client(store));
                if (faults.isEmpty()) {
                    out.println("no active faults");
                    return 0;
                }
                out.printf("%-14s %-30s %-12s %-9s %-8s %s%n", "NAMESPACE", "FAULT", "ACTION", "PHASE", "LEFT", "TARGETS");
                Instant now = Instant.now();
                for (Fault f : faults) {
                    String left = FaultLifetime.until(f).map(u -> Duration.between(now, u))
                            .map(d -> GoDuration.format(d.isNegative() ? Duration.ZERO : d.withNanos(0))).orElse("-");
                    String targets = String.join(",", f.statusOrNew().targets().stream().map(ChaosTarget::ref).toList());
                    out.printf("%-14s %-30s %-12s %-9s %-8s %s%n", f.namespace(), f.kind().toLowerCase() + "/" + f.name(),
                            f.spec().actionName(), f.statusOrNew().phase() == null ? "Pending" : f.statusOrNew().phase(),
                            left, targets.isEmpty() ? "-" : targets);
                }
            }
            return 0;
        }
    }

    @Command(name = "halt", description = "Revert every active fault, stop every running scenario and the monkey, now.")
    static final class Halt implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @Mixin ClusterOptions cluster;
        @Option(names = "--wait", defaultValue = "5s", description = "How long to wait for the faults to end (default ${DEFAULT-VALUE}).")
        String wait;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Store store = cluster.connect()) {
                Client client = ClusterOptions.client(store);
                if (MonkeyCommands.pause(client)) out.println("chaos monkey stopped"); // first, so it starts nothing new
                List<String> scenarios = ScenarioRuns.running(store);
                ScenarioRuns.halt(store); // running scenarios end interrupted and run their rollbacks
                List<Fault> faults = active(client);
                for (Fault f : faults) halt(client, f);
                Instant deadline = Instant.now().plus(GoDuration.parse(wait));
                List<Fault> left = faults;
                while (!left.isEmpty() && Instant.now().isBefore(deadline)) {
                    sleep(50);
                    left = left.stream().filter(f -> client.get(f.getClass(), f.namespace(), f.name())
                            .map(x -> !x.statusOrNew().ended()).orElse(false)).map(f -> (Fault) f).toList();
                }
                out.println("halted " + (faults.size() - left.size()) + " of " + faults.size() + " active faults");
                if (!scenarios.isEmpty()) out.println("stopped " + scenarios.size() + " running scenarios: " + scenarios);
                if (!left.isEmpty()) {
                    throw new UserError(left.size() + " faults did not end within " + wait
                            + ": is the cluster's engine running? (they are marked halted and end when it runs)");
                }
            }
            return 0;
        }

        private static void halt(Client client, Fault f) {
            haltOne(client, f.getClass(), f);
        }

        private static <F extends Fault> void haltOne(Client client, Class<F> type, Fault f) {
            try {
                client.modify(type, f.namespace(), f.name(), x -> {
                    Map<String, String> ann = new HashMap<>(x.metadata().annotationsOrEmpty());
                    ann.put(FaultLifetime.HALT_ANNOTATION, "true");
                    return type.cast(x.withMetadata(x.metadata().withAnnotations(ann)));
                });
            } catch (ApiException.NotFound gone) {
                // ended and deleted meanwhile
            }
        }
    }
}
