package dev.skiff.cli;

import dev.skiff.api.LabelSelector;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Resource;
import dev.skiff.client.Client;
import dev.skiff.store.Store;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** label and annotate: {@code KEY=VALUE} sets, {@code KEY-} removes, {@code --overwrite} to change. */
final class MetadataCommands {
    private MetadataCommands() {}

    abstract static class Base implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @Mixin ClusterOptions cluster;
        @Parameters(paramLabel = "KIND NAME… KEY=VALUE… KEY-…", arity = "2..*") List<String> words = new ArrayList<>();
        @Option(names = {"-n", "--namespace"}) String namespace;
        @Option(names = "--overwrite", description = "Allow changing an existing value.") boolean overwrite;

        abstract String what();

        abstract Map<String, String> of(ObjectMeta m);

        abstract ObjectMeta with(ObjectMeta m, Map<String, String> values);

        @Override
        public Integer call() {
            List<String> objects = new ArrayList<>();
            Map<String, Optional<String>> changes = new LinkedHashMap<>();
            for (String w : words) {
                if (w.endsWith("-") && !w.contains("=")) changes.put(w.substring(0, w.length() - 1), Optional.empty());
                else if (w.contains("=")) changes.put(w.substring(0, w.indexOf('=')), Optional.of(w.substring(w.indexOf('=') + 1)));
                else objects.add(w);
            }
            if (changes.isEmpty()) throw new CommandLine.ParameterException(spec.commandLine(), "give at least one KEY=VALUE or KEY-");
            if (what().equals("labeled")) validateLabels(changes);
            String ns = namespace == null ? Namespaces.current() : namespace;
            try (Store store = cluster.connect()) {
                Client client = ClusterOptions.client(store);
                List<ObjectArgs> targets = ObjectArgs.parse(spec.commandLine(), objects);
                // each object read and changed in memory first: a missing one or a refused overwrite changes none
                for (ObjectArgs t : targets) apply(client.require(t.kind().type(), ns, t.name()), changes, t);
                for (ObjectArgs t : targets) {
                    ObjectArgs.modify(client, t.kind().type(), ns, t.name(), r -> apply(r, changes, t));
                    spec.commandLine().getOut().println(t.display() + " " + what());
                }
            }
            return 0;
        }

        @SuppressWarnings("unchecked")
        private <T extends Resource> T apply(T r, Map<String, Optional<String>> changes, ObjectArgs t) {
            Map<String, String> values = new LinkedHashMap<>(of(r.metadata()));
            changes.forEach((k, v) -> {
                if (v.isEmpty()) {
                    values.remove(k);
                } else {
                    if (values.containsKey(k) && !values.get(k).equals(v.get()) && !overwrite) {
                        throw new UserError("'" + k + "' already has a value (" + values.get(k) + "), and --overwrite is false");
                    }
                    values.put(k, v.get());
                }
            });
            return (T) r.withMetadata(with(r.metadata(), values.isEmpty() ? null : values));
        }

        private void validateLabels(Map<String, Optional<String>> changes) {
            changes.forEach((k, v) -> {
                LabelSelector.keyProblem(k).ifPresent(p -> { throw new UserError("label key \"" + k + "\": " + p); });
                v.flatMap(LabelSelector::valueProblem).ifPresent(p -> { throw new UserError("label value for \"" + k + "\": " + p); });
            });
        }
    }

    @Command(name = "label", description = "Add, change (--overwrite) or remove (KEY-) labels.")
    static final class Label extends Base {
        String what() { return "labeled"; }
        Map<String, String> of(ObjectMeta m) { return m.labelsOrEmpty(); }
        ObjectMeta with(ObjectMeta m, Map<String, String> v) { return m.withLabels(v); }
    }

    @Command(name = "annotate", description = "Add, change (--overwrite) or remove (KEY-) annotations.")
    static final class Annotate extends Base {
        String what() { return "annotated"; }
        Map<String, String> of(ObjectMeta m) { return m.annotationsOrEmpty(); }
        ObjectMeta with(ObjectMeta m, Map<String, String> v) { return m.withAnnotations(v); }
    }
}
