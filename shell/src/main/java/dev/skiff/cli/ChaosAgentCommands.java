package dev.skiff.cli;

import dev.skiff.api.LabelSelector;
import dev.skiff.api.ObjectMeta;
import dev.skiff.chaos.ChaosMode;
import dev.skiff.chaos.ChaosSelector;
import dev.skiff.chaos.Fault;
import dev.skiff.chaos.NodeChaos;
import dev.skiff.chaos.NodeChaosAction;
import dev.skiff.chaos.NodeChaosSpec;
import dev.skiff.chaos.PodChaos;
import dev.skiff.chaos.PodChaosAction;
import dev.skiff.chaos.PodChaosSpec;
import dev.skiff.chaos.StressChaos;
import dev.skiff.chaos.StressChaosSpec;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The chaos commands whose faults the node agents carry out: {@code node-down}, {@code
 * container-kill}, {@code pause} (pod-failure) and {@code stress}. Like kill and drain they hold
 * the fault's lease while they follow it, so the fault ends when the command does.
 */
final class ChaosAgentCommands {
    private ChaosAgentCommands() {
    }

    /** {@code pod NAME | pod -l SELECTOR}, namespace, mode and value: how the pod faults pick their pods. */
    abstract static class PodFault extends ChaosCommands.FaultCommand {
        @Parameters(index = "0", paramLabel = "pod", description = "What to hit: pod.") String what;
        @Parameters(index = "1", arity = "0..1", paramLabel = "NAME") String name;
        @Option(names = {"-l", "--selector"}, description = "Label selector, e.g. app=web.") String selector;
        @Option(names = {"-n", "--namespace"}) String namespace;
        @Option(names = "--mode", defaultValue = "one", description = "one, all, fixed, fixed-percent, random-max-percent.")
        String mode;
        @Option(names = "--value", description = "For fixed: how many; for the percent modes: the percentage.") String value;

        static final List<String> NODE_WORDS = List.of("node", "nodes", "no");

        String ns() {
            return namespace == null ? Namespaces.current() : namespace;
        }

        ChaosSelector podSelector() {
            if (!"pod".equals(what) && !"pods".equals(what) && !"po".equals(what)) {
                throw new UserError(spec.name() + " takes pod NAME or pod -l SELECTOR, not \"" + what + "\"");
            }
            if ((name == null) == (selector == null)) {
                throw new UserError("name one pod (chaos " + spec.name() + " pod NAME) or select some (chaos "
                        + spec.name() + " pod -l app=web)");
            }
            return name != null ? ChaosSelector.pod(ns(), name) : ChaosSelector.labels(ns(), LabelSelector.parse(selector));
        }

        ObjectMeta meta(String prefix) {
            return new ObjectMeta(dryRun ? "preview" : null, prefix, ns(), null, null, null, null, null, null, null,
                    null, null, null);
        }

        Boolean forced() {
            return force ? true : null;
        }
    }

    @Command(name = "container-kill", description = "Kill containers of pods (their restart policy applies):"
            + " chaos container-kill pod NAME -c CONTAINER.")
    static final class ContainerKill extends PodFault {
        @Option(names = {"-c", "--container"}, required = true, description = "Which container(s) to kill (repeatable).")
        List<String> containers;

        @Override
        Fault fault() {
            return PodChaos.of(meta("container-kill-"), new PodChaosSpec(PodChaosAction.CONTAINER_KILL, podSelector(),
                    ChaosCommands.parseMode(mode), value, null, null, containers, forced()));
        }
    }

    @Command(name = "pause", description = "Freeze pods (pod-failure: SIGSTOP / docker pause) for a while:"
            + " chaos pause pod NAME --for 30s.")
    static final class Pause extends PodFault {
        @Option(names = "--for", required = true, paramLabel = "DURATION", description = "How long, e.g. 30s.") String duration;

        @Override
        Fault fault() {
            return PodChaos.of(meta("pod-failure-"), new PodChaosSpec(PodChaosAction.POD_FAILURE, podSelector(),
                    ChaosCommands.parseMode(mode), value, duration, null, null, forced()));
        }
    }

    @Command(name = "stress", description = "Burn cpu and/or hold memory for a while, charged to pods (their cgroups,"
            + " where they have them) or on nodes: chaos stress pod NAME|node NODE --cpu 2 --load 80 --memory 256Mi --for 30s.")
    static final class Stress extends PodFault {
        @Option(names = "--cpu", paramLabel = "WORKERS", description = "Busy workers (each up to one core).") Integer workers;
        @Option(names = "--load", paramLabel = "PERCENT", description = "Each worker's load, 1-100 (default 100).") Integer load;
        @Option(names = "--memory", paramLabel = "SIZE", description = "Memory to hold, e.g. 256Mi or 10%.") String memory;
        @Option(names = "--for", required = true, paramLabel = "DURATION", description = "How long, e.g. 30s.") String duration;

        @Override
        Fault fault() {
            if (workers == null && memory == null) throw new UserError("chaos stress needs --cpu WORKERS and/or --memory SIZE");
            var stressors = new StressChaosSpec.Stressors(workers == null ? null : new StressChaosSpec.Cpu(workers, load),
                    memory == null ? null : new StressChaosSpec.Memory(null, memory));
            return StressChaos.of(meta("stress-"), new StressChaosSpec(target(), ChaosCommands.parseMode(mode), value,
                    duration, stressors, forced()));
        }

        /** {@code node NODE}: the node itself (a selector of only nodes); else pods as the other pod faults pick them. */
        private ChaosSelector target() {
            if (!NODE_WORDS.contains(what)) return podSelector();
            if (name == null || selector != null) {
                throw new UserError("name the node to stress: chaos stress node NODE --cpu 2 --for 30s"
                        + " (-l selects pods: chaos stress pod -l app=web …)");
            }
            return ChaosSelector.node(name);
        }
    }

    @Command(name = "node-down", description = "Take a node down as a power cut would, then bring it back:"
            + " chaos node-down NODE --for 60s.")
    static final class NodeDown extends ChaosCommands.FaultCommand {
        @Parameters(index = "0", paramLabel = "NODE") String node;
        @Option(names = "--for", required = true, paramLabel = "DURATION", description = "How long, e.g. 60s.") String duration;

        @Override
        Fault fault() {
            return nodeFault(NodeChaosAction.NODE_DOWN, node, duration);
        }
    }
}
