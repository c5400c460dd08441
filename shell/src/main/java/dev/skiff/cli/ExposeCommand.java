package dev.skiff.cli;

import dev.skiff.api.Deployment;
import dev.skiff.api.IntOrString;
import dev.skiff.api.LabelSelector;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Pod;
import dev.skiff.api.Protocol;
import dev.skiff.api.ReplicaSet;
import dev.skiff.api.Service;
import dev.skiff.api.ServicePort;
import dev.skiff.api.ServiceSpec;
import dev.skiff.api.ServiceType;
import dev.skiff.client.Client;
import dev.skiff.store.Store;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "expose", description = "Create a Service in front of a deployment, replica set or pod (kubectl expose).")
public final class ExposeCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ClusterOptions cluster;
    @Parameters(paramLabel = "KIND NAME | KIND/NAME", arity = "1..2") List<String> object;
    @Option(names = "--port", required = true, description = "The service's port.") int port;
    @Option(names = "--target-port", paramLabel = "PORT|NAME", description = "The pods' port, a number or a name (default: --port).")
    String targetPort;
    @Option(names = "--type", paramLabel = "ClusterIP|NodePort|LoadBalancer", defaultValue = "ClusterIP") String type;
    @Option(names = "--protocol", paramLabel = "TCP|UDP", defaultValue = "TCP") String protocol;
    @Option(names = "--name", description = "The service's name (default: the object's).") String name;
    @Option(names = {"-n", "--namespace"}) String namespace;

    @Override
    public Integer call() {
        List<ObjectArgs> targets = ObjectArgs.parse(spec.commandLine(), object);
        if (targets.size() != 1) throw new UserError("expose takes one object, e.g. skiff expose deploy/web --port 80");
        ObjectArgs target = targets.getFirst();
        String ns = namespace == null ? Namespaces.current() : namespace;
        ServiceType serviceType;
        Protocol proto;
        try {
            serviceType = ServiceType.of(type);
            proto = Protocol.of(protocol);
        } catch (RuntimeException e) {
            throw new UserError(e.getMessage());
        }
        try (Store store = cluster.connect()) {
            Client client = ClusterOptions.client(store);
            Map<String, String> selector = selectorOf(client, target, ns);
            IntOrString target2 = targetPort == null ? IntOrString.of(port)
                    : targetPort.chars().allMatch(Character::isDigit) ? IntOrString.of(Integer.parseInt(targetPort)) : IntOrString.of(targetPort);
            String svcName = name != null ? name : target.name();
            Service svc = Service.of(ObjectMeta.named(svcName).withNamespace(ns),
                    new ServiceSpec(List.of(new ServicePort(null, proto, port, target2, null)), selector, null, null,
                            serviceType, null, null, null, null));
            Service created = client.create(svc);
            spec.commandLine().getOut().println("service/" + created.name() + " exposed (cluster IP "
                    + created.spec().clusterIP() + nodePort(created) + ")");
        }
        return 0;
    }

    private static String nodePort(Service s) {
        Integer np = s.spec().ports().getFirst().nodePort();
        return np == null ? "" : ", node port " + np;
    }

    private static Map<String, String> selectorOf(Client client, ObjectArgs t, String ns) {
        String kind = t.kind().kind();
        Map<String, String> labels = switch (kind) {
            case "Deployment" -> matchLabels(client.require(Deployment.class, ns, t.name()).spec().selector());
            case "ReplicaSet" -> matchLabels(client.require(ReplicaSet.class, ns, t.name()).spec().selector());
            case "Pod" -> client.require(Pod.class, ns, t.name()).metadata().labelsOrEmpty();
            default -> throw new UserError(t.kind().plural() + " cannot be exposed: expose deployments, replicasets or pods");
        };
        if (labels == null || labels.isEmpty()) {
            throw new UserError(t.display() + " has no labels to select its pods by: add labels (or a matchLabels selector) first");
        }
        return labels;
    }

    private static Map<String, String> matchLabels(LabelSelector s) {
        if (s == null || !s.matchExpressions().isEmpty()) {
            throw new UserError("only a selector made of matchLabels can be copied into a service");
        }
        return s.matchLabels();
    }
}
