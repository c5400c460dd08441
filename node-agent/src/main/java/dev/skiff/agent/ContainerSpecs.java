package dev.skiff.agent;

import dev.skiff.agent.runtime.ContainerSpec;
import dev.skiff.agent.runtime.Limits;
import dev.skiff.agent.runtime.Mount;
import dev.skiff.agent.runtime.PortBinding;
import dev.skiff.api.Container;
import dev.skiff.api.ContainerPort;
import dev.skiff.api.ImagePullPolicy;
import dev.skiff.api.Pod;
import dev.skiff.api.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns a pod's container into a fully resolved {@link ContainerSpec}: ports, env, mounts, limits. */
final class ContainerSpecs {
    private ContainerSpecs() {}

    static String portKey(Container c, ContainerPort p) {
        return c.name() + "/" + p.containerPort() + "/" + (p.protocol() == null ? "TCP" : p.protocol().wire());
    }

    static ContainerSpec build(AgentContext ctx, Pod pod, Container c, PodRecord record) {
        var address = ctx.config().address();
        var ports = ports(ctx, c, record);
        var base = new LinkedHashMap<String, String>();
        if ("process".equals(ctx.runtime().name())) portEnv(ports, base);
        var env = ctx.env().resolve(pod, c, address, base);
        List<Mount> mounts = ctx.volumes().prepare(pod).getOrDefault(c.name(), List.of());
        var policy = c.imagePullPolicy() != null ? c.imagePullPolicy() : defaultPullPolicy(c.image());
        return new ContainerSpec(ctx.config().nodeName(), pod.metadata().uid(), pod.namespace(), pod.name(), c.name(),
                c.image(), policy, EnvResolver.expandAll(c.command(), env), EnvResolver.expandAll(c.args(), env), env,
                c.workingDir(), mounts, ports, limits(c), null);
    }

    private static List<PortBinding> ports(AgentContext ctx, Container c, PodRecord record) {
        var out = new ArrayList<PortBinding>();
        for (var p : c.portsOrEmpty()) {
            var key = portKey(c, p);
            Integer host = record.hostPorts().get(key);
            if (host == null) {
                host = p.hostPort() != null && p.hostPort() > 0 ? p.hostPort() : ctx.hostPorts().allocate();
                record.hostPorts().put(key, host);
            }
            out.add(new PortBinding(p.name(), p.containerPort(), ctx.config().address(), host,
                    p.protocol() == null ? "TCP" : p.protocol().wire()));
        }
        return out;
    }

    /** PORT is the first declared port, PORT_<NAME> each named one (as the host sees them). */
    private static void portEnv(List<PortBinding> ports, Map<String, String> env) {
        if (ports.isEmpty()) return;
        env.put("PORT", Integer.toString(ports.getFirst().hostPort()));
        for (var p : ports) {
            if (p.name() != null && !p.name().isBlank()) {
                env.put("PORT_" + p.name().toUpperCase(Locale.ROOT).replace('-', '_'), Integer.toString(p.hostPort()));
            }
        }
    }

    /** Kubernetes: Always for :latest or no tag, else IfNotPresent. */
    static ImagePullPolicy defaultPullPolicy(String image) {
        if (image == null) return ImagePullPolicy.IF_NOT_PRESENT;
        var lastPart = image.substring(image.lastIndexOf('/') + 1);
        if (lastPart.contains("@")) return ImagePullPolicy.IF_NOT_PRESENT;
        return !lastPart.contains(":") || lastPart.endsWith(":latest") ? ImagePullPolicy.ALWAYS : ImagePullPolicy.IF_NOT_PRESENT;
    }

    private static Limits limits(Container c) {
        if (c.resources() == null || c.resources().limits() == null) return Limits.NONE;
        Map<String, Quantity> l = c.resources().limits();
        Long cpu = l.get("cpu") == null ? null : l.get("cpu").amount().multiply(BigDecimal.valueOf(1000)).longValue();
        Long memory = l.get("memory") == null ? null : l.get("memory").amount().longValue();
        return new Limits(cpu, memory);
    }
}
