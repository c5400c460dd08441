package dev.skiff.cli;

import dev.skiff.api.KindInfo;
import dev.skiff.api.Kinds;
import dev.skiff.api.LabelSelector;
import dev.skiff.api.Resource;
import dev.skiff.client.ApiException;
import dev.skiff.client.Client;
import dev.skiff.client.ObjectRef;
import dev.skiff.client.ResourceList;
import dev.skiff.output.OutputFormat;
import dev.skiff.output.OutputOptions;
import dev.skiff.output.Palette;
import dev.skiff.output.ResourcePrinter;
import dev.skiff.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "get", description = "Display one or many resources.")
public final class GetCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ClusterOptions cluster;

    @Parameters(index = "0", paramLabel = "KIND", description = "pods, deploy, svc, … (see api-resources)")
    String kind;

    @Parameters(index = "1..*", paramLabel = "NAME", description = "Names; none lists every object of the kind.")
    List<String> names = new ArrayList<>();

    @Option(names = {"-n", "--namespace"}, description = "Namespace (default: default).")
    String namespace;

    @Option(names = {"-A", "--all-namespaces"}, description = "List across all namespaces.")
    boolean allNamespaces;

    @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR", description = "Label selector, e.g. app=web,tier!=db")
    String selector;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "json, yaml, name, wide, "
            + "jsonpath=TEMPLATE, jsonpath-as-json=TEMPLATE, jsonpath-file=FILE, custom-columns=SPEC, "
            + "custom-columns-file=FILE (default: a table).")
    String output;

    @Option(names = "--no-headers", description = "Omit the table headers.")
    boolean noHeaders;

    @Option(names = "--show-labels", description = "Show all labels as the last column.")
    boolean showLabels;

    @Option(names = {"-L", "--label-columns"}, split = ",", paramLabel = "KEY",
            description = "Labels to show as columns, e.g. -L app,tier (repeatable).")
    List<String> labelColumns = new ArrayList<>();

    @Option(names = "--sort-by", paramLabel = "JSONPATH",
            description = "Sort by a field, e.g. --sort-by=.metadata.creationTimestamp")
    String sortBy;

    @Option(names = {"-w", "--watch"}, description = "After listing, print a row per change until Ctrl-C.")
    boolean watch;

    @Option(names = "--watch-only", description = "Print a row per change until Ctrl-C, without the listing first.")
    boolean watchOnly;

    /** What {@code get all} lists, in kubectl's order. */
    static final List<String> ALL = List.of("pods", "services", "deployments", "replicasets");

    @Override
    public Integer call() {
        OutputOptions options = options();
        List<KindInfo> kinds = kinds();
        if (kinds.size() > 1 && !names.isEmpty()) {
            throw usage("name objects of one kind only, e.g. get deploy web; to list several kinds, name none");
        }
        if ((watch || watchOnly) && kinds.size() > 1) {
            throw usage("watch one kind at a time, e.g. get pods -w");
        }
        LabelSelector sel = selector == null ? null : LabelSelector.parse(selector);
        try (Store store = cluster.connectForReads()) {
            Client client = ClusterOptions.client(store);
            if (kinds.size() == 1) return single(client, kinds.getFirst(), sel, options);
            List<ResourcePrinter.Group> groups = new ArrayList<>();
            for (KindInfo info : kinds) groups.add(new ResourcePrinter.Group(info, client.list(info.type(), ns(info), sel).items()));
            if (groups.stream().allMatch(g -> g.objects().isEmpty()) && options.reportsNothingFound()) {
                err().println(nothingFound(kinds.getFirst()));
                return 0;
            }
            PrintWriter out = out();
            out.print(ResourcePrinter.printGroups(groups, options, Instant.now()));
            out.flush();
        }
        return 0;
    }

    private int single(Client client, KindInfo info, LabelSelector sel, OutputOptions options) {
        String ns = ns(info);
        boolean watching = watch || watchOnly;
        // a watch needs the listing's revision to start from; naming objects alone reads just those
        ResourceList<? extends Resource> listed = names.isEmpty() || watching ? list(client, info, ns, sel) : null;
        List<? extends Resource> items = names.isEmpty() ? listed.items()
                : names.stream().map(n -> (Resource) (listed == null ? client.get(info.type(), ns, n)
                        : listed.items().stream().filter(r -> r.name().equals(n)).findFirst())
                        .orElseThrow(() -> new ApiException.NotFound(new ObjectRef(info, ns, n)))).toList();
        if (!watchOnly) {
            List<? extends Resource> rows = ResourcePrinter.inRowOrder(items, options.sortBy());
            print(info, rows, names.size() == 1, options.withoutSort(), !watch);
            dev.skiff.shell.Rows.remember(info.plural(), rows); // $1 is the first row printed
        }
        if (watching) {
            new GetWatch(client, info, ns, sel, names, options, out(),
                    watchOnly || items.isEmpty()).alignedWith(watchOnly ? List.of() : items).run(listed.revision() + 1);
        }
        return 0;
    }

    /** The list {@link EarlyRead} read at start-up when it is this one, else a read now. */
    private ResourceList<? extends Resource> list(Client client, KindInfo info, String ns, LabelSelector sel) {
        ResourceList<? extends Resource> early = EarlyRead.list(client.store(), info, ns, selector);
        return early != null ? early : client.list(info.type(), ns, sel);
    }

    private List<KindInfo> kinds() {
        List<String> typed = kind.equals("all") ? ALL : List.of(kind.split(","));
        // distinct by identity (the registry has one info per kind): a record's first hashCode() or
        // equals() costs a one-shot get ~0.1 s of method-handle bootstrap
        List<KindInfo> kinds = new ArrayList<>();
        for (String k : typed) {
            if (k.isBlank()) continue;
            KindInfo resolved = Kinds.resolve(k).orElse(null);
            KindInfo info = resolved != null ? resolved : KindArgument.resolve(commandLine(), k); // says what is wrong
            if (kinds.stream().noneMatch(known -> known == info)) kinds.add(info);
        }
        return kinds;
    }

    private String ns(KindInfo info) {
        return info.namespaced() && !allNamespaces ? (namespace == null ? Namespaces.current() : namespace) : null;
    }

    private String nothingFound(KindInfo info) {
        return info.namespaced() && !allNamespaces
                ? "No resources found in " + (namespace == null ? Namespaces.current() : namespace) + " namespace."
                : "No resources found";
    }

    private void print(KindInfo info, List<? extends Resource> items, boolean single, OutputOptions options, boolean sayNothing) {
        if (items.isEmpty() && options.reportsNothingFound()) {
            if (sayNothing) err().println(nothingFound(info));
            return;
        }
        PrintWriter out = out();
        out.print(ResourcePrinter.print(info, items, single, options, Instant.now()));
        out.flush();
    }

    // picocli's, or standard ones when DirectBinding bound the command line (no picocli model, no spec)

    private PrintWriter out() {
        return spec != null ? spec.commandLine().getOut() : Stdio.out();
    }

    private PrintWriter err() {
        return spec != null ? spec.commandLine().getErr() : Stdio.err();
    }

    private CommandLine commandLine() {
        if (spec == null) throw new DirectBinding.NeedsPicocli();
        return spec.commandLine();
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(commandLine(), message);
    }

    /** Parsed before touching the cluster, so a bad -o fails fast and offline. */
    private OutputOptions options() {
        OutputFormat format = OutputFormat.parse(output, GetCommand::readFile);
        // asking the terminal costs a native call; only tables have anything to colour
        Palette palette = format instanceof OutputFormat.Tabular ? Palette.forStdout() : Palette.PLAIN;
        return new OutputOptions(format, allNamespaces, noHeaders, showLabels, labelColumns, sortBy, palette);
    }

    /** A file named in an -o value (custom-columns-file=…, jsonpath-file=…). */
    static String readFile(String name) {
        try {
            return Files.readString(Path.of(name));
        } catch (IOException e) {
            throw new UserError("cannot read " + name + ": " + e.getMessage());
        }
    }
}
