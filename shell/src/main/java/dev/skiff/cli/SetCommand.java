package dev.skiff.cli;

import dev.skiff.api.Container;
import dev.skiff.api.Deployment;
import dev.skiff.api.Pod;
import dev.skiff.api.PodSpec;
import dev.skiff.api.PodTemplateSpec;
import dev.skiff.api.ReplicaSet;
import dev.skiff.api.Resource;
import dev.skiff.client.Client;
import dev.skiff.store.Store;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code set image}: change container images, the usual way to start a rollout. */
@Command(name = "set", description = "Set specific features on objects.", subcommands = SetCommand.Image.class)
public final class SetCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name what to set: set image deploy/NAME CONTAINER=IMAGE");
    }

    @Command(name = "image", description = "Set container images: set image deploy/web app=nginx:1.27 (* = every container).")
    static final class Image implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @Mixin ClusterOptions cluster;
        @Parameters(paramLabel = "KIND/NAME… CONTAINER=IMAGE…", arity = "2..*") List<String> words = new ArrayList<>();
        @Option(names = {"-n", "--namespace"}) String namespace;

        @Override
        public Integer call() {
            Map<String, String> images = new LinkedHashMap<>();
            List<String> objects = new ArrayList<>();
            for (String w : words) {
                int eq = w.indexOf('=');
                if (eq > 0) images.put(w.substring(0, eq), w.substring(eq + 1));
                else if (images.isEmpty()) objects.add(w);
                else throw new CommandLine.ParameterException(spec.commandLine(), "\"" + w + "\": objects come before CONTAINER=IMAGE pairs");
            }
            if (images.isEmpty()) throw new CommandLine.ParameterException(spec.commandLine(), "name at least one CONTAINER=IMAGE, e.g. app=nginx:1.27");
            List<ObjectArgs> targets = ObjectArgs.parse(spec.commandLine(), objects);
            String ns = namespace == null ? Namespaces.current() : namespace;
            try (Store store = cluster.connect()) {
                Client client = ClusterOptions.client(store);
                for (ObjectArgs t : targets) {
                    Resource before = client.require(t.kind().type(), ns, t.name());
                    Resource after = ObjectArgs.modify(client, t.kind().type(), ns, t.name(), r -> withImages(r, images, t));
                    boolean same = after.metadata().revision() == before.metadata().revision();
                    spec.commandLine().getOut().println(t.display() + (same ? " image unchanged" : " image updated"));
                }
            }
            return 0;
        }

        private static Resource withImages(Resource r, Map<String, String> images, ObjectArgs t) {
            return switch (r) {
                case Deployment d -> d.withSpec(d.spec().withTemplate(template(d.spec().template(), images, t)));
                case ReplicaSet rs -> rs.withSpec(new dev.skiff.api.ReplicaSetSpec(rs.spec().replicas(), rs.spec().minReadySeconds(),
                        rs.spec().selector(), template(rs.spec().template(), images, t)));
                case Pod p -> p.withSpec(spec(p.spec(), images, t));
                default -> throw new UserError(t.kind().plural() + " have no containers: set image on deployments, replicasets or pods");
            };
        }

        private static PodTemplateSpec template(PodTemplateSpec t, Map<String, String> images, ObjectArgs target) {
            return new PodTemplateSpec(t.metadata(), spec(t.spec(), images, target));
        }

        /** Every named container must exist (in containers or initContainers); {@code *} is all of them. */
        private static PodSpec spec(PodSpec s, Map<String, String> images, ObjectArgs target) {
            List<Container> init = s.initContainers() == null ? null : s.initContainers().stream().map(c -> image(c, images)).toList();
            List<Container> main = s.containers().stream().map(c -> image(c, images)).toList();
            for (String name : images.keySet()) {
                boolean known = name.equals("*") || s.containers().stream().anyMatch(c -> c.name().equals(name))
                        || (s.initContainers() != null && s.initContainers().stream().anyMatch(c -> c.name().equals(name)));
                if (!known) {
                    throw new UserError("unable to find container named \"" + name + "\" in " + target.display()
                            + " (it has " + String.join(", ", s.containers().stream().map(Container::name).toList()) + ")");
                }
            }
            return s.withContainers(init, main);
        }

        private static Container image(Container c, Map<String, String> images) {
            String image = images.getOrDefault(c.name(), images.get("*"));
            return image == null ? c : c.withImage(image);
        }
    }
}
