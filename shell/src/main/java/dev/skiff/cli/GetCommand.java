package dev.skiff.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.api.Json;
import dev.skiff.api.KindInfo;
import dev.skiff.api.LabelSelector;
import dev.skiff.api.Resource;
import dev.skiff.client.ApiException;
import dev.skiff.client.Client;
import dev.skiff.client.ObjectRef;
import dev.skiff.output.Age;
import dev.skiff.output.Table;
import dev.skiff.store.Store;
import java.io.PrintWriter;
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

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "json, yaml or name (default: a table).")
    String output;

    @Option(names = "--no-headers", description = "Omit the table headers.")
    boolean noHeaders;

    @Override
    public Integer call() {
        KindInfo info = KindArgument.resolve(spec.commandLine(), kind);
        String ns = info.namespaced() && !allNamespaces ? (namespace == null ? Namespaces.current() : namespace) : null;
        LabelSelector sel = selector == null ? null : LabelSelector.parse(selector);
        try (Store store = cluster.connect()) {
            Client client = ClusterOptions.client(store);
            List<? extends Resource> items = names.isEmpty()
                    ? client.list(info.type(), ns, sel).items()
                    : names.stream().map(n -> (Resource) client.get(info.type(), ns, n)
                            .orElseThrow(() -> new ApiException.NotFound(new ObjectRef(info, ns, n)))).toList();
            print(info, items, names.size() == 1);
            dev.skiff.shell.Rows.remember(info.plural(), items.stream().map(Resource::name).toList());
        }
        return 0;
    }

    private void print(KindInfo info, List<? extends Resource> items, boolean single) {
        PrintWriter out = spec.commandLine().getOut();
        String format = output == null ? "" : output;
        switch (format) {
            case "json" -> out.println(single ? Json.toPrettyJson(items.getFirst()) : Json.toPrettyJson(asList(items)));
            case "yaml" -> out.print(single ? Json.toYaml(items.getFirst()) : Json.toYaml(asList(items)));
            case "name" -> items.forEach(r -> out.println(info.singular() + (info.group().isEmpty() ? "" : "." + info.group()) + "/" + r.name()));
            case "" -> table(info, items, out);
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "unknown output format \"" + output + "\": use json, yaml or name");
        }
    }

    private void table(KindInfo info, List<? extends Resource> items, PrintWriter out) {
        if (items.isEmpty()) {
            spec.commandLine().getErr().println(info.namespaced() && !allNamespaces
                    ? "No resources found in " + (namespace == null ? Namespaces.current() : namespace) + " namespace."
                    : "No resources found");
            return;
        }
        boolean showNs = allNamespaces && info.namespaced();
        Table t = new Table(showNs ? List.of("NAMESPACE", "NAME", "AGE") : List.of("NAME", "AGE"));
        Instant now = Instant.now();
        for (Resource r : items) {
            String age = Age.since(r.metadata().creationTimestamp(), now);
            t.row(showNs ? List.of(r.namespace(), r.name(), age) : List.of(r.name(), age));
        }
        out.print(t.render(!noHeaders));
    }

    /** kubectl's shape for several objects: a v1 List. */
    private static ObjectNode asList(List<? extends Resource> items) {
        ObjectNode list = Json.json().createObjectNode();
        list.put("apiVersion", "v1");
        ArrayNode arr = list.putArray("items");
        items.forEach(r -> arr.add(Json.toTree(r)));
        list.put("kind", "List");
        return list;
    }
}
