package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Json;
import dev.skiff.api.ManifestError;
import dev.skiff.api.ManifestException;
import dev.skiff.api.Manifest;
import dev.skiff.api.Manifests;
import dev.skiff.api.Resource;
import dev.skiff.client.ApiException;
import dev.skiff.client.Client;
import dev.skiff.output.KubeJson;
import dev.skiff.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code edit KIND NAME}: the object as YAML in {@code $EDITOR}; what is saved is validated like
 * a manifest, and errors come back as a comment header in the reopened file (as kubectl does).
 * A concurrent change is not an error: the user's edits are re-applied to the newer object.
 */
@Command(name = "edit", description = "Edit an object in $EDITOR (default vi) and save it back.")
public final class EditCommand implements Callable<Integer> {
    static final String HEADER = """
            # Please edit the object below. Lines beginning with a '#' will be ignored,
            # and an empty file will abort the edit. If an error occurs while saving this file will be
            # reopened with the relevant failures.
            #
            """;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ClusterOptions cluster;
    @Parameters(paramLabel = "KIND NAME | KIND/NAME", arity = "1..2") List<String> objects = new ArrayList<>();
    @Option(names = {"-n", "--namespace"}) String namespace;

    @Override
    public Integer call() {
        List<ObjectArgs> targets = ObjectArgs.parse(spec.commandLine(), objects);
        if (targets.size() != 1) throw new UserError("edit one object at a time");
        ObjectArgs t = targets.getFirst();
        String ns = t.kind().namespaced() ? (namespace == null ? Namespaces.current() : namespace) : null;
        try (Store store = cluster.connect()) {
            Client client = ClusterOptions.client(store);
            Resource original = client.require(t.kind().type(), ns, t.name());
            return edit(client, t, original);
        }
    }

    private int edit(Client client, ObjectArgs t, Resource original) {
        String originalYaml = KubeJson.yaml(Json.toTree(original));
        Path file = tempFile(t);
        try {
            String shown = HEADER + originalYaml;
            String lastBad = null;
            while (true) {
                write(file, shown);
                Editor.open(file);
                String saved = read(file);
                String body = withoutComments(saved);
                if (body.isBlank()) return cancelled("Edit cancelled, saved file was empty.", 0);
                if (body.equals(withoutComments(originalYaml))) return cancelled("Edit cancelled, no changes made.", 0);
                if (body.equals(lastBad)) return cancelled("Edit cancelled, no valid changes were saved.", 1);
                List<String> problems = new ArrayList<>();
                Resource edited = parse(saved, file.toString(), t, original, problems);
                if (edited != null) {
                    save(client, original, edited);
                    spec.commandLine().getOut().println(t.display() + " edited");
                    return 0;
                }
                lastBad = body;
                shown = HEADER + "# " + t.display() + " was not valid:\n"
                        + problems.stream().map(p -> "# * " + p + "\n").reduce("", String::concat) + "#\n" + body;
            }
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover temp file is harmless
            }
        }
    }

    /** The edited object, or null with {@code problems} filled (file:line messages, kind/name changes). */
    private static Resource parse(String text, String source, ObjectArgs t, Resource original, List<String> problems) {
        try {
            List<Manifest> docs = Manifests.parse(text, source);
            if (docs.size() != 1) {
                problems.add("the file must hold exactly one object, not " + docs.size());
                return null;
            }
            Resource r = docs.getFirst().resource();
            if (!r.kind().equals(original.kind()) || !r.name().equals(original.name())
                    || (original.namespace() != null && !original.namespace().equals(r.namespace()))) {
                problems.add("kind, name and namespace cannot change (it must stay " + original.kind() + " "
                        + (original.namespace() == null ? "" : original.namespace() + "/") + original.name() + ")");
                return null;
            }
            return r;
        } catch (ManifestException e) {
            for (ManifestError err : e.errors()) problems.add(err.toString());
            return null;
        }
    }

    /**
     * Writes the edit guarded by the revision the user started from; on a conflict the user's
     * changes (a JSON merge patch from the original) are replayed on the newer object.
     */
    private static void save(Client client, Resource original, Resource edited) {
        try {
            client.update(edited);
        } catch (ApiException.Conflict e) {
            JsonNode patch = MergePatch.diff(Json.toTree(original), Json.toTree(edited));
            ObjectArgs.modify(client, original.getClass(), original.namespace(), original.name(),
                    current -> Json.fromTree(MergePatch.apply(Json.toTree(current), patch), current.getClass()));
        }
    }

    private int cancelled(String message, int code) {
        (code == 0 ? spec.commandLine().getOut() : spec.commandLine().getErr()).println(message);
        return code;
    }

    static String withoutComments(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (!line.stripLeading().startsWith("#")) sb.append(line).append('\n');
        }
        return sb.toString().strip() + "\n";
    }

    private static Path tempFile(ObjectArgs t) {
        try {
            return Files.createTempFile("skiff-edit-" + t.kind().singular() + "-" + t.name() + "-", ".yaml");
        } catch (IOException e) {
            throw new UserError("cannot create a temporary file to edit in: " + e.getMessage());
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UserError("cannot read back " + file + ": " + e.getMessage());
        }
    }
}
