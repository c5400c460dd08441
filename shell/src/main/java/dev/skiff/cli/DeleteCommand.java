package dev.skiff.cli;

import dev.skiff.api.KindInfo;
import dev.skiff.client.Client;
import dev.skiff.client.DeleteOptions;
import dev.skiff.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "delete", description = "Delete resources by kind and name.")
public final class DeleteCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ClusterOptions cluster;

    @Parameters(index = "0", paramLabel = "KIND")
    String kind;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "NAME")
    List<String> names = new ArrayList<>();

    @Option(names = {"-n", "--namespace"}, description = "Namespace (default: default).")
    String namespace;

    @Option(names = "--cascade", paramLabel = "background|foreground|orphan", defaultValue = "background",
            description = "What happens to dependents (default: background).")
    String cascade;

    @Option(names = "--grace-period", paramLabel = "SECONDS",
            description = "Seconds a pod gets to stop (0 = at once; default: the pod's own).")
    Long gracePeriod;

    @Override
    public Integer call() {
        KindInfo info = KindArgument.resolve(spec.commandLine(), kind);
        String ns = namespace == null ? Namespaces.current() : namespace;
        DeleteOptions options = DeleteOptions.DEFAULT.withPropagation(propagation()).withGracePeriod(gracePeriod);
        try (Store store = cluster.connect()) {
            Client client = ClusterOptions.client(store);
            for (String name : names) {
                client.delete(info.type(), ns, name, options);
                spec.commandLine().getOut().println(info.singular() + (info.group().isEmpty() ? "" : "." + info.group())
                        + " \"" + name + "\" deleted");
            }
        }
        return 0;
    }

    private DeleteOptions.Propagation propagation() {
        try {
            return DeleteOptions.Propagation.valueOf(cascade.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--cascade must be background, foreground or orphan, not \"" + cascade + "\"");
        }
    }
}
