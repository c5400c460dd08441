package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Event;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "describe", description = "Show an object in detail, ending with its Events.")
public final class DescribeCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ClusterOptions cluster;
    @Parameters(paramLabel = "KIND [NAME…] | KIND/NAME…", arity = "1..*") List<String> words = new ArrayList<>();
    @Option(names = {"-n", "--namespace"}) String namespace;
    @Option(names = {"-l", "--selector"}) String selector;

    @Override
    public Integer call() {
        String ns = namespace == null ? Namespaces.current() : namespace;
        try (Store store = cluster.connectForReads()) {
            Client client = ClusterOptions.client(store);
            List<Resource> objects = resolve(client, ns);
            StringBuilder out = new StringBuilder();
            for (Resource r : objects) {
                if (!out.isEmpty()) out.append("\n\n");
                out.append(render(r, events(client, r), Instant.now()));
            }
            spec.commandLine().getOut().print(out);
        }
        return 0;
    }

    private List<Resource> resolve(Client client, String ns) {
        if (words.size() == 1 && !words.getFirst().contains("/")) {
            KindInfo kind = KindArgument.resolve(spec.commandLine(), words.getFirst());
            LabelSelector sel = selector == null ? null : LabelSelector.parse(selector);
            List<Resource> all = new ArrayList<>(client.list(kind.type(), kind.namespaced() ? ns : null, sel).items());
            if (all.isEmpty()) throw new UserError("No resources found in " + ns + " namespace.");
            return all;
        }
        List<Resource> out = new ArrayList<>();
        for (ObjectArgs o : ObjectArgs.parse(spec.commandLine(), words)) {
            out.add(client.get(o.kind().type(), ns, o.name())
                    .orElseThrow(() -> new ApiException.NotFound(new ObjectRef(o.kind(), ns, o.name()))));
        }
        return out;
    }

    /** Events about {@code r}, oldest first, as describe ends with them. */
    static List<Event> events(Client client, Resource r) {
        String ns = r.namespace() == null || r.namespace().isEmpty() ? "default" : r.namespace();
        String uid = r.metadata().uid();
        return client.list(Event.class, ns).items().stream()
                .filter(e -> e.involvedObject() != null && (uid != null ? uid.equals(e.involvedObject().uid())
                        : r.name().equals(e.involvedObject().name()) && r.kind().equals(e.involvedObject().kind())))
                .sorted(Comparator.comparing(e -> e.lastTimestamp() == null ? Instant.EPOCH : e.lastTimestamp()))
                .toList();
    }

    /** kubectl's generic describer: the object's fields as indented "Title Case:  value" lines. */
    static String render(Resource r, List<Event> events, Instant now) {
        StringBuilder sb = new StringBuilder();
        line(sb, 0, "Name", r.name());
        if (r.namespace() != null && !r.namespace().isEmpty()) line(sb, 0, "Namespace", r.namespace());
        line(sb, 0, "Labels", pairs(r.metadata().labelsOrEmpty()));
        line(sb, 0, "Annotations", pairs(r.metadata().annotationsOrEmpty()));
        line(sb, 0, "API Version", r.apiVersion());
        line(sb, 0, "Kind", r.kind());
        JsonNode tree = Json.toTree(r);
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (List.of("apiVersion", "kind").contains(e.getKey())) continue;
            JsonNode value = e.getKey().equals("metadata") ? withoutShown(e.getValue()) : e.getValue();
            node(sb, 0, title(e.getKey()), value);
        }
        sb.append("Events:");
        if (events.isEmpty()) return sb.append("  <none>\n").toString();
        sb.append('\n');
        Table t = new Table(List.of("Type", "Reason", "Age", "From", "Message"));
        t.row(List.of("----", "------", "----", "----", "-------"));
        for (Event e : events) {
            String age = Age.since(e.lastTimestamp(), now);
            if (e.count() != null && e.count() > 1) age += " (x" + e.count() + " over " + Age.since(e.firstTimestamp(), now) + ")";
            t.row(List.of(nz(e.type()), nz(e.reason()), age, e.source() == null ? "" : nz(e.source().component()), nz(e.message())));
        }
        t.render(true).lines().forEach(l -> sb.append("  ").append(l).append('\n'));
        return sb.toString();
    }

    private static JsonNode withoutShown(JsonNode meta) {
        var copy = meta.deepCopy();
        if (copy instanceof com.fasterxml.jackson.databind.node.ObjectNode o) o.remove(List.of("name", "namespace", "labels", "annotations"));
        return copy;
    }

    private static void node(StringBuilder sb, int depth, String key, JsonNode v) {
        if (v.isObject()) {
            if (v.isEmpty()) return;
            sb.append("  ".repeat(depth)).append(key).append(":\n");
            v.fields().forEachRemaining(e -> node(sb, depth + 1, title(e.getKey()), e.getValue()));
        } else if (v.isArray()) {
            if (v.isEmpty()) return;
            if (allScalars(v)) {
                List<String> items = new ArrayList<>();
                v.forEach(x -> items.add(x.asText()));
                line(sb, depth, key, String.join(", ", items));
                return;
            }
            sb.append("  ".repeat(depth)).append(key).append(":\n");
            for (JsonNode item : v) {
                sb.append("  ".repeat(depth + 1)).append("-\n");
                item.fields().forEachRemaining(e -> node(sb, depth + 2, title(e.getKey()), e.getValue()));
            }
        } else {
            line(sb, depth, key, v.asText());
        }
    }

    private static boolean allScalars(JsonNode array) {
        for (JsonNode x : array) if (x.isContainerNode()) return false;
        return true;
    }

    private static void line(StringBuilder sb, int depth, String key, String value) {
        String head = "  ".repeat(depth) + key + ":";
        sb.append(head).append(" ".repeat(Math.max(2, 14 - head.length()))).append(value).append('\n');
    }

    /**
     * {@code creationTimestamp} → {@code Creation Timestamp}, {@code uid} → {@code UID}, as kubectl's describer
     * titles unstructured fields; a key with anything but letters and '-' (a data key such as
     * {@code app.properties}, a label such as {@code app.kubernetes.io/name}) is shown as it is.
     */
    static String title(String key) {
        if (key.isEmpty() || !key.chars().allMatch(c -> Character.isLetter(c) || c == '-')) return key;
        List<String> words = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= key.length(); i++) {
            if (i == key.length() || Character.isUpperCase(key.charAt(i)) && !Character.isUpperCase(key.charAt(i - 1))) {
                words.add(word(key.substring(start, i)));
                start = i;
            }
        }
        return String.join(" ", words);
    }

    private static final java.util.Set<String> ACRONYMS = java.util.Set.of("API", "URL", "UID", "OSB", "GUID");

    private static String word(String w) {
        String upper = w.toUpperCase(java.util.Locale.ROOT);
        return ACRONYMS.contains(upper) ? upper : Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }

    private static String pairs(Map<String, String> m) {
        if (m.isEmpty()) return "<none>";
        List<String> out = new ArrayList<>();
        m.forEach((k, v) -> out.add(k + "=" + v));
        return String.join("\n" + " ".repeat(14), out);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
