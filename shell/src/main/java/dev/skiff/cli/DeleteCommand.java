package dev.skiff.cli;

import dev.skiff.api.KindInfo;
import dev.skiff.api.LabelSelector;
import dev.skiff.api.Manifest;
import dev.skiff.api.Manifests;
import dev.skiff.api.Resource;
import dev.skiff.client.ApiException;
import dev.skiff.client.Client;
import dev.skiff.client.DeleteOptions;
import dev.skiff.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "delete", description = {"Delete resources by kind and names, by label (-l), all of a kind (--all) or as in files (-f).",
        "delete KIND NAME…  |  delete KIND/NAME…  |  delete KIND -l SELECTOR  |  delete KIND --all  |  delete -f FILE"})
public final class DeleteCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ClusterOptions cluster;

    @Parameters(paramLabel = "KIND NAME… | KIND/NAME…", arity = "0..*")
    List<String> words = new ArrayList<>();

    @Option(names = {"-f", "--filename"}, paramLabel = "FILE|DIR", description = "Delete the objects these manifests name (repeatable).")
    List<String> files = new ArrayList<>();

    @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR", description = "Delete the objects of the kind with matching labels.")
    String selector;

    @Option(names = "--all", description = "Delete every object of the kind in the namespace.")
    boolean all;

    @Option(names = {"-n", "--namespace"}, description = "Namespace (default: default).")
    String namespace;

    @Option(names = "--cascade", paramLabel = "background|foreground|orphan", defaultValue = "background",
            description = "What happens to dependents (default: background).")
    String cascade;

    @Option(names = "--grace-period", paramLabel = "SECONDS",
            description = "Seconds a pod gets to stop (0 = at once; default: the pod's own).")
    Long gracePeriod;

    @Option(names = "--now", description = "Signal pods to stop at once (the same as --grace-period=1).")
    boolean now;

    @Option(names = "--wait", description = "Return only when the objects are gone (pods: once their node stopped them).")
    boolean waitGone;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s",
            description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Override
    public Integer call() {
        if (now && gracePeriod != null) throw new UserError("--now and --grace-period cannot be used together");
        String ns = namespace == null ? Namespaces.current() : namespace;
        DeleteOptions options = DeleteOptions.DEFAULT.withPropagation(propagation()).withGracePeriod(now ? Long.valueOf(1) : gracePeriod);
        Duration limit = GoDuration.parse("--timeout", timeout);
        try (Store store = cluster.connect()) {
            Client client = ClusterOptions.client(store);
            List<Target> targets = targets(client, ns);
            boolean bulk = selector != null || all;
            if (targets.isEmpty() && bulk) {
                spec.commandLine().getErr().println("No resources found");
                return 0;
            }
            List<Target> deleted = new ArrayList<>();
            int code = 0;
            for (Target t : targets) {
                try {
                    client.delete(t.kind().type(), t.ns(), t.name(), options);
                    spec.commandLine().getOut().println(t.display() + " deleted");
                    deleted.add(t);
                } catch (ApiException.NotFound e) {
                    if (files.isEmpty() && !bulk) throw e;
                    spec.commandLine().getErr().println("Error from server (NotFound): " + e.getMessage());
                    code = 1;
                }
            }
            if (waitGone) new Gone(client, limit).await(deleted);
            return code;
        }
    }

    /** One object to delete. */
    record Target(KindInfo kind, String ns, String name) {
        String display() {
            return kind.singular() + (kind.group().isEmpty() ? "" : "." + kind.group()) + " \"" + name + "\"";
        }
    }

    private List<Target> targets(Client client, String ns) {
        CommandLine cmd = spec.commandLine();
        if (!files.isEmpty()) {
            if (!words.isEmpty()) throw new CommandLine.ParameterException(cmd, "with -f, name no objects on the command line");
            List<Target> out = new ArrayList<>();
            for (Manifest m : Manifests.parseFiles(files.stream().map(Path::of).toList())) {
                Resource r = Namespaces.place(m.resource(), namespace);
                KindInfo kind = dev.skiff.api.Kinds.of(r.getClass()).orElseThrow();
                out.add(new Target(kind, kind.namespaced() ? (r.namespace() == null ? ns : r.namespace()) : null, r.name()));
            }
            return out;
        }
        if (words.isEmpty()) throw new CommandLine.ParameterException(cmd, "name what to delete: KIND NAME, KIND/NAME, KIND -l SELECTOR, KIND --all or -f FILE");
        if (selector != null || all) {
            if (words.size() != 1) throw new CommandLine.ParameterException(cmd, "with -l or --all, name just the kind, e.g. delete pods -l app=web");
            KindInfo kind = KindArgument.resolve(cmd, words.getFirst());
            String where = kind.namespaced() ? ns : null;
            LabelSelector sel = selector == null ? null : LabelSelector.parse(selector);
            return client.list(kind.type(), where, sel).items().stream()
                    .map(r -> new Target(kind, where, r.name())).toList();
        }
        return ObjectArgs.parse(cmd, words).stream()
                .map(o -> new Target(o.kind(), o.kind().namespaced() ? ns : null, o.name())).toList();
    }

    private DeleteOptions.Propagation propagation() {
        try {
            return DeleteOptions.Propagation.valueOf(cascade.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--cascade must be background, foreground or orphan, not \"" + cascade + "\"");
        }
    }

    /** {@code --wait}: polls until every deleted object is gone from the store, or the timeout passes. */
    record Gone(Client client, Duration limit) {
        void await(List<Target> targets) {
            long until = System.nanoTime() + limit.toNanos();
            List<Target> left = new ArrayList<>(targets);
            while (true) {
                left.removeIf(t -> client.get(t.kind().type(), t.ns(), t.name()).isEmpty());
                if (left.isEmpty()) return;
                if (System.nanoTime() > until) {
                    throw new UserError("timed out waiting for " + left.getFirst().display() + " to be deleted"
                            + (left.size() > 1 ? " (and " + (left.size() - 1) + " more)" : "")
                            + "; a pod leaves once its node's agent stopped it: check the node with get nodes");
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new UserError("stopped waiting; the deletion goes on");
                }
            }
        }
    }
}
