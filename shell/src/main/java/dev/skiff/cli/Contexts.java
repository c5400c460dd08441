package dev.skiff.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.skiff.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Named clusters in {@code $SKIFF_HOME/config} (kubeconfig's idea, smaller): each context has a
 * server and a namespace; one is current.
 */
final class Contexts {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Context(String name, String server, String namespace) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record File(@JsonProperty("current-context") String currentContext, List<Context> contexts) {
        File {
            contexts = contexts == null ? List.of() : List.copyOf(contexts);
        }
    }

    private Contexts() {}

    static Path path() {
        return SkiffHome.dir().resolve("config");
    }

    static File load() {
        Path p = path();
        if (!Files.exists(p)) return new File(null, List.of());
        try {
            return Json.yaml().readValue(Files.readString(p), File.class);
        } catch (IOException e) {
            throw new UserError("cannot read " + p + ": " + e.getMessage().lines().findFirst().orElse("")
                    + " — fix the file or delete it to start over");
        }
    }

    static void save(File file) {
        try {
            Files.createDirectories(path().getParent());
            Files.writeString(path(), Json.toYaml(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path(), e);
        }
    }

    static Optional<Context> current() {
        File f = load();
        if (f.currentContext() == null) return Optional.empty();
        return f.contexts().stream().filter(c -> c.name().equals(f.currentContext())).findFirst();
    }

    static File upsert(File f, Context c) {
        List<Context> all = new ArrayList<>();
        boolean replaced = false;
        for (Context old : f.contexts()) {
            if (old.name().equals(c.name())) {
                all.add(new Context(c.name(), c.server() != null ? c.server() : old.server(),
                        c.namespace() != null ? c.namespace() : old.namespace()));
                replaced = true;
            } else {
                all.add(old);
            }
        }
        if (!replaced) all.add(c);
        return new File(f.currentContext(), all);
    }
}
