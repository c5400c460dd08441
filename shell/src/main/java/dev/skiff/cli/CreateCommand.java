package dev.skiff.cli;

import dev.skiff.api.ConfigMap;
import dev.skiff.api.Json;
import dev.skiff.api.Manifest;
import dev.skiff.api.Manifests;
import dev.skiff.api.Namespace;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Resource;
import dev.skiff.api.Secret;
import dev.skiff.client.Client;
import dev.skiff.client.ObjectRef;
import dev.skiff.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "create", description = "Create objects from files (failing if they exist), or common ones from flags.",
        subcommands = {CreateCommand.Namespace_.class, CreateCommand.Deployment_.class, CreateCommand.ConfigMap_.class,
                CreateCommand.Secret_.class})
public final class CreateCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ClusterOptions cluster;
    @Option(names = {"-f", "--filename"}, paramLabel = "FILE|DIR|-") List<String> files = new ArrayList<>();
    @Option(names = {"-n", "--namespace"}) String namespace;

    @Override
    public Integer call() {
        if (files.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "create needs -f FILE, or one of: namespace, deployment, configmap, secret generic");
        }
        List<Resource> objects = new ArrayList<>();
        for (String f : files) {
            List<Manifest> ms = f.equals("-") ? Manifests.parse(stdin(), "<stdin>") : Manifests.parseFiles(List.of(Path.of(f)));
            ms.forEach(m -> objects.add(Namespaces.place(m.resource(), namespace)));
        }
        try (Store store = cluster.connect()) {
            Client client = ClusterOptions.client(store);
            for (Resource r : objects) created(spec, client.create(r));
        }
        return 0;
    }

    static void created(CommandLine.Model.CommandSpec spec, Resource r) {
        spec.commandLine().getOut().println(ObjectRef.of(r).display() + " created");
    }

    private static String stdin() {
        try {
            return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    abstract static class Sub implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @Mixin ClusterOptions cluster;
        @Option(names = {"-n", "--namespace"}) String namespace;
        @Option(names = "--dry-run", arity = "0..1", fallbackValue = "client", description = "Print the object as YAML instead of creating it.")
        String dryRun;

        abstract Resource build();

        String ns() {
            return namespace == null ? Namespaces.current() : namespace;
        }

        @Override
        public Integer call() {
            Resource r = build();
            if (dryRun != null) {
                spec.commandLine().getOut().print(Json.toYaml(r));
                return 0;
            }
            try (Store store = cluster.connect()) {
                created(spec, ClusterOptions.client(store).create(r));
            }
            return 0;
        }
    }

    @Command(name = "namespace", aliases = "ns", description = "Create a namespace.")
    static final class Namespace_ extends Sub {
        @Parameters(paramLabel = "NAME") String name;

        Resource build() {
            return new Namespace(null, null, ObjectMeta.named(name), null, null);
        }
    }

    @Command(name = "deployment", aliases = "deploy", description = "Create a deployment running an image (docker nodes) or a command (process nodes).")
    static final class Deployment_ extends Sub {
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--image", paramLabel = "IMAGE") String image;
        @Option(names = "--replicas", defaultValue = "1") int replicas;
        @Option(names = "--port", paramLabel = "PORT", description = "The container port to declare (its host port comes as $PORT).") Integer port;
        @Parameters(index = "1..*", paramLabel = "-- COMMAND…", description = "The command (after --).") List<String> command = new ArrayList<>();

        Resource build() {
            if (image == null && command.isEmpty()) {
                throw new UserError("give --image IMAGE (for docker nodes) or a command after -- (for process nodes), e.g. "
                        + "skiff create deployment web -- skiff demo-app");
            }
            Map<String, Object> container = new LinkedHashMap<>();
            container.put("name", image != null ? imageName(image) : "main");
            container.put("image", image != null ? image : "none");
            if (!command.isEmpty()) container.put("command", command);
            if (port != null) container.put("ports", List.of(Map.of("containerPort", port)));
            Map<String, Object> tree = Map.of(
                    "apiVersion", "apps/v1", "kind", "Deployment",
                    "metadata", Map.of("name", name, "namespace", ns(), "labels", Map.of("app", name)),
                    "spec", Map.of("replicas", replicas, "selector", Map.of("matchLabels", Map.of("app", name)),
                            "template", Map.of("metadata", Map.of("labels", Map.of("app", name)),
                                    "spec", Map.of("containers", List.of(container)))));
            return Json.fromTree(Json.toTree(tree), dev.skiff.api.Deployment.class);
        }

        /** kubectl names the container after the image: registry/web:1.2 → web. */
        private static String imageName(String image) {
            String last = image.substring(image.lastIndexOf('/') + 1);
            int colon = last.indexOf(':');
            return (colon > 0 ? last.substring(0, colon) : last).replaceAll("[^a-z0-9-]", "-");
        }
    }

    @Command(name = "configmap", aliases = "cm", description = "Create a config map from literals and files.")
    static final class ConfigMap_ extends Sub {
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--from-literal", paramLabel = "KEY=VALUE") List<String> literals = new ArrayList<>();
        @Option(names = "--from-file", paramLabel = "[KEY=]PATH") List<String> paths = new ArrayList<>();

        Resource build() {
            return new ConfigMap(null, null, ObjectMeta.named(ns(), name), data(literals, paths), null, null);
        }
    }

    @Command(name = "secret", description = "Create a secret: secret generic NAME --from-literal/--from-file.")
    static final class Secret_ extends Sub {
        @Parameters(index = "0", paramLabel = "generic") String type;
        @Parameters(index = "1", paramLabel = "NAME") String name;
        @Option(names = "--from-literal", paramLabel = "KEY=VALUE") List<String> literals = new ArrayList<>();
        @Option(names = "--from-file", paramLabel = "[KEY=]PATH") List<String> paths = new ArrayList<>();

        Resource build() {
            if (!type.equals("generic")) throw new UserError("only 'secret generic' is supported, not \"" + type + "\"");
            Map<String, String> encoded = new LinkedHashMap<>();
            data(literals, paths).forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
            Map<String, Object> tree = Map.of("apiVersion", "v1", "kind", "Secret", "type", "Opaque",
                    "metadata", Map.of("name", name, "namespace", ns()), "data", encoded);
            return Json.fromTree(Json.toTree(tree), Secret.class);
        }
    }

    static Map<String, String> data(List<String> literals, List<String> paths) {
        Map<String, String> data = new LinkedHashMap<>();
        for (String l : literals) {
            int eq = l.indexOf('=');
            if (eq <= 0) throw new UserError("--from-literal \"" + l + "\" is not KEY=VALUE");
            data.put(l.substring(0, eq), l.substring(eq + 1));
        }
        for (String p : paths) {
            int eq = p.indexOf('=');
            Path path = Path.of(eq > 0 ? p.substring(eq + 1) : p);
            String key = eq > 0 ? p.substring(0, eq) : path.getFileName().toString();
            try {
                data.put(key, Files.readString(path));
            } catch (IOException e) {
                throw new UserError("--from-file " + path + ": cannot read it (" + e.getMessage() + ")");
            }
        }
        return data;
    }
}
