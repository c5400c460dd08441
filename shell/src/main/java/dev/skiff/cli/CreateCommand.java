package dev.skiff.cli;

import dev.skiff.api.ConfigMap;
import dev.skiff.api.Json;
import dev.skiff.api.Manifest;
import dev.skiff.api.Manifests;
import dev.skiff.api.Namespace;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Resource;
import dev.skiff.api.Secret;
import dev.skiff.client.Apply;
import dev.skiff.client.ObjectRef;
import dev.skiff.output.OutputFormat;
import dev.skiff.output.OutputOptions;
import dev.skiff.output.ResourcePrinter;
import dev.skiff.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
    @Mixin Creation creation;
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
        return creation.create(cluster, objects);
    }

    /**
     * How a create ends, for {@code create -f} and each {@code create KIND}: kubectl's {@code --dry-run} (client:
     * print only; server: validated and admitted by the cluster, not written) and {@code -o} (the objects as
     * created, e.g. {@code --dry-run=client -o yaml} to write a manifest), else "KIND/NAME created".
     */
    static final class Creation {
        @CommandLine.Spec(CommandLine.Spec.Target.MIXEE) CommandLine.Model.CommandSpec spec;
        @Option(names = "--dry-run", arity = "0..1", fallbackValue = "client", paramLabel = "none|client|server",
                description = "client: only print the objects; server: have the cluster validate them without creating them.")
        String dryRun;
        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
                description = "yaml, json, name, jsonpath=… or custom-columns=…: print the objects as created.")
        String output;

        int create(ClusterOptions cluster, List<Resource> objects) {
            OutputFormat format = format();
            String mode = dryRun == null ? "none" : dryRun;
            if (mode.equals("client")) return print(objects, format, " (dry run)");
            if (!mode.equals("none") && !mode.equals("server")) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--dry-run must be none, client or server, not \"" + dryRun + "\"");
            }
            try (Store store = cluster.connect()) {
                List<Resource> created = new Apply(ClusterOptions.client(store)).create(objects, mode.equals("server"));
                return print(created, format, mode.equals("server") ? " (server dry run)" : "");
            }
        }

        /** Parsed before anything is read or sent: a bad -o fails offline. */
        private OutputFormat format() {
            if (output == null) return null;
            OutputFormat format = OutputFormat.parse(output, GetCommand::readFile);
            if (format instanceof OutputFormat.Tabular) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "-o " + output + " is a table, which get prints; "
                                + "create prints yaml, json, name, jsonpath=… or custom-columns=…");
            }
            return format;
        }

        private int print(List<Resource> objects, OutputFormat format, String dryRunNote) {
            PrintWriter out = spec.commandLine().getOut();
            if (format == null) {
                for (Resource r : objects) out.println(ObjectRef.of(r).display() + " created" + dryRunNote);
            } else if (objects.size() == 1) {
                out.print(ResourcePrinter.print(ObjectRef.of(objects.getFirst()).kind(), objects, true,
                        OutputOptions.table().withFormat(format), Instant.now()));
            } else {
                List<ResourcePrinter.Group> groups = objects.stream()
                        .map(r -> new ResourcePrinter.Group(ObjectRef.of(r).kind(), List.of(r))).toList();
                out.print(ResourcePrinter.printGroups(groups, OutputOptions.table().withFormat(format), Instant.now()));
            }
            out.flush();
            return 0;
        }
    }

    private static String stdin() {
        try {
            return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    abstract static class Sub implements Callable<Integer> {
        @Mixin ClusterOptions cluster;
        @Mixin Creation creation;
        @Option(names = {"-n", "--namespace"}) String namespace;

        abstract Resource build();

        String ns() {
            return namespace == null ? Namespaces.current() : namespace;
        }

        @Override
        public Integer call() {
            return creation.create(cluster, List.of(build()));
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
        // kubectl run's flag, which hands typing `create deployment web --command -- CMD` from habit
        @Option(names = "--command", description = "The words after -- are the command (as they are without it too).")
        boolean commandFlag;

        Resource build() {
            if (commandFlag && command.isEmpty()) {
                throw new UserError("--command needs the command after --, e.g. "
                        + "skiff create deployment web --command -- sleep 3600");
            }
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
