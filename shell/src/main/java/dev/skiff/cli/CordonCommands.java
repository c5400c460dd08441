package dev.skiff.cli;

import dev.skiff.api.Node;
import dev.skiff.api.NodeSpec;
import dev.skiff.client.Client;
import dev.skiff.store.Store;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** cordon / uncordon: mark nodes (un)schedulable; pods already there stay. */
final class CordonCommands {
    private CordonCommands() {}

    abstract static class Base implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @Mixin ClusterOptions cluster;
        @Parameters(paramLabel = "NODE", arity = "1..*") List<String> nodes;

        abstract boolean unschedulable();

        @Override
        public Integer call() {
            try (Store store = cluster.connect()) {
                Client client = ClusterOptions.client(store);
                // every node read first: a missing one changes none
                List<Node> found = nodes.stream().map(name -> client.require(Node.class, null, name)).toList();
                for (Node before : found) {
                    String name = before.name();
                    boolean was = before.spec() != null && Boolean.TRUE.equals(before.spec().unschedulable());
                    if (was == unschedulable()) {
                        spec.commandLine().getOut().println("node/" + name + " already " + (unschedulable() ? "cordoned" : "uncordoned"));
                        continue;
                    }
                    client.modify(Node.class, null, name, n -> n.withSpec(withUnschedulable(n.spec(), unschedulable())));
                    spec.commandLine().getOut().println("node/" + name + " " + (unschedulable() ? "cordoned" : "uncordoned"));
                }
            }
            return 0;
        }

        static NodeSpec withUnschedulable(NodeSpec s, boolean value) {
            return s == null ? new NodeSpec(null, null, value ? true : null, null)
                    : new NodeSpec(s.podCIDR(), s.podCIDRs(), value ? true : null, s.taints());
        }
    }

    @Command(name = "cordon", description = "Mark nodes unschedulable: new pods go elsewhere.")
    static final class Cordon extends Base {
        boolean unschedulable() { return true; }
    }

    @Command(name = "uncordon", description = "Mark nodes schedulable again.")
    static final class Uncordon extends Base {
        boolean unschedulable() { return false; }
    }
}
