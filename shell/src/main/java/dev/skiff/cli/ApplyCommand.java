package dev.skiff.cli;

import dev.skiff.api.Manifest;
import dev.skiff.api.Manifests;
import dev.skiff.api.Resource;
import dev.skiff.api.ManifestError;
import dev.skiff.api.ManifestException;
import dev.skiff.client.Apply;
import dev.skiff.client.ObjectRef;
import dev.skiff.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "apply", description = {
        "Create or update resources from YAML or JSON files, directories or standard input (-).",
        "Every document is validated first: if any is invalid, nothing is applied."})
public final class ApplyCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ClusterOptions cluster;

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE|DIR|-",
            description = "Manifests to apply (repeatable).")
    List<String> files = new ArrayList<>();

    @Option(names = {"-n", "--namespace"}, description = "Namespace for objects that do not name one.")
    String namespace;

    @Option(names = "--dry-run", arity = "0..1", fallbackValue = "client", paramLabel = "client|server",
            description = "Only show what would change (client: validate locally; server: also compare with the cluster).")
    String dryRun;

    @Override
    public Integer call() {
        List<Resource> objects = new ArrayList<>();
        for (Manifest m : readAll()) objects.add(Namespaces.place(m.resource(), namespace));
        if ("client".equals(dryRun)) {
            for (Resource r : objects) out(ObjectRef.of(r).display() + " created (dry run)");
            return 0;
        }
        if (dryRun != null && !"server".equals(dryRun)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--dry-run must be client or server, not \"" + dryRun + "\"");
        }
        try (Store store = cluster.connect()) {
            for (Apply.Outcome o : new Apply(ClusterOptions.client(store)).apply(objects, dryRun != null)) {
                out(o + (dryRun != null ? " (server dry run)" : ""));
            }
        }
        return 0;
    }

    private List<Manifest> readAll() {
        List<Manifest> all = new ArrayList<>();
        List<ManifestError> errors = new ArrayList<>();
        for (String f : files) {
            try {
                all.addAll(f.equals("-") ? Manifests.parse(stdin(), "<stdin>") : Manifests.parseFiles(List.of(Path.of(f))));
            } catch (ManifestException e) {
                errors.addAll(e.errors()); // keep going: every error of every file is reported at once
            }
        }
        if (!errors.isEmpty()) throw new ManifestException(errors);
        if (all.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no objects passed to apply in " + files);
        }
        return all;
    }

    private static String stdin() {
        try {
            return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void out(String line) {
        spec.commandLine().getOut().println(line);
    }
}
