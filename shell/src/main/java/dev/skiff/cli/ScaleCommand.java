package dev.skiff.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.api.Json;
import dev.skiff.api.Resource;
import dev.skiff.client.Client;
import dev.skiff.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "scale", description = "Set the replicas of deployments or replica sets.")
public final class ScaleCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ClusterOptions cluster;
    @Parameters(paramLabel = "KIND NAME | KIND/NAME", arity = "1..*") List<String> objects = new ArrayList<>();
    @Option(names = "--replicas", required = true, description = "The new number of replicas.") int replicas;
    @Option(names = {"-n", "--namespace"}) String namespace;

    @Override
    public Integer call() {
        if (replicas < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--replicas must be 0 or more, not " + replicas);
        List<ObjectArgs> targets = ObjectArgs.parse(spec.commandLine(), objects);
        String ns = namespace == null ? Namespaces.current() : namespace;
        try (Store store = cluster.connect()) {
            Client client = ClusterOptions.client(store);
            // every target checked first: a kind that cannot scale or a missing object scales none
            for (ObjectArgs t : targets) {
                if (!List.of("Deployment", "ReplicaSet").contains(t.kind().kind())) {
                    throw new UserError(t.kind().plural() + " cannot be scaled: scale deployments or replicasets");
                }
                client.require(t.kind().type(), ns, t.name());
            }
            for (ObjectArgs t : targets) {
                ObjectArgs.modify(client, t.kind().type(), ns, t.name(), r -> withReplicas(r, replicas));
                spec.commandLine().getOut().println(t.display() + " scaled");
            }
        }
        return 0;
    }

    /** Sets spec.replicas on any kind that has one, through its JSON shape. */
    @SuppressWarnings("unchecked")
    static <T extends Resource> T withReplicas(T r, int replicas) {
        ObjectNode tree = (ObjectNode) Json.toTree(r);
        ((ObjectNode) tree.with("spec")).put("replicas", replicas);
        return (T) Json.fromTree(tree, r.getClass());
    }
}
