package dev.skiff.cli;

import dev.skiff.api.KindInfo;
import dev.skiff.api.LabelSelector;
import dev.skiff.api.Resource;
import dev.skiff.client.ApiException;
import dev.skiff.client.Client;
import dev.skiff.client.ObjectRef;
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

    @Override
    public Integer call() {
        OutputOptions options = options();
        KindInfo info = KindArgument.resolve(spec.commandLine(), kind);
        String ns = info.namespaced() && !allNamespaces ? (namespace == null ? Namespaces.current() : namespace) : null;
        LabelSelector sel = selector == null ? null : LabelSelector.parse(selector);
        try (Store store = cluster.connect()) {
            Client client = ClusterOptions.client(store);
            List<? extends Resource> items = names.isEmpty()
                    ? client.list(info.type(), ns, sel).items()
                    : names.stream().map(n -> (Resource) client.get(info.type(), ns, n)
                            .orElseThrow(() -> new ApiException.NotFound(new ObjectRef(info, ns, n)))).toList();
            print(info, items, names.size() == 1, options);
            dev.skiff.shell.Rows.remember(info.plural(), items.stream().map(Resource::name).toList());
        }
        return 0;
    }

    private void print(KindInfo info, List<? extends Resource> items, boolean single, OutputOptions options) {
        CommandLine cmd = spec.commandLine();
        if (items.isEmpty() && options.reportsNothingFound()) {
            cmd.getErr().println(info.namespaced() && !allNamespaces
                    ? "No resources found in " + (namespace == null ? Namespaces.current() : namespace) + " namespace."
                    : "No resources found");
            return;
        }
        PrintWriter out = cmd.getOut();
        out.print(ResourcePrinter.print(info, items, single, options, Instant.now()));
        out.flush();
    }

    /** Parsed before touching the cluster, so a bad -o fails fast and offline. */
    private OutputOptions options() {
        OutputFormat format = OutputFormat.parse(output, GetCommand::readFile);
        // asking the terminal costs a native call; only tables have anything to colour
        Palette palette = format instanceof OutputFormat.Tabular ? Palette.forStdout() : Palette.PLAIN;
        return new OutputOptions(format, allNamespaces, noHeaders, showLabels, labelColumns, sortBy, palette);
    }

    private static String readFile(String name) {
        try {
            return Files.readString(Path.of(name));
        } catch (IOException e) {
            throw new UserError("cannot read " + name + ": " + e.getMessage());
        }
    }
}
