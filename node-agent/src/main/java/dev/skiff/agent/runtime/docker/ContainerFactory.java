package dev.skiff.agent.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Volume;
import dev.skiff.agent.runtime.ContainerHandle;
import dev.skiff.agent.runtime.ContainerSpec;
import dev.skiff.agent.runtime.Limits;
import dev.skiff.agent.runtime.Mount;
import dev.skiff.agent.runtime.PortBinding;
import dev.skiff.agent.runtime.RuntimeFailure;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/** Turns a {@link ContainerSpec} into a created and started Docker container. */
final class ContainerFactory {

    private final DockerClient docker;
    private final DockerCalls calls;
    private final String node;

    ContainerFactory(DockerClient docker, DockerCalls calls, String node) {
        this.docker = docker;
        this.calls = calls;
        this.node = node;
    }

    ContainerHandle createAndStart(ContainerSpec spec) {
        var name = name(spec);
        var labels = ContainerLabels.of(spec, node);
        var create = docker.createContainerCmd(spec.image())
                .withName(name)
                .withLabels(labels)
                .withEnv(spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withExposedPorts(spec.ports().stream().map(ContainerFactory::exposed).toList())
                .withHostConfig(hostConfig(spec));
        // Kubernetes: command replaces the image's entrypoint and drops its cmd; args replace its cmd
        if (!spec.command().isEmpty()) create.withEntrypoint(spec.command()).withCmd(spec.args());
        else if (!spec.args().isEmpty()) create.withCmd(spec.args());
        if (spec.workingDir() != null && !spec.workingDir().isBlank()) create.withWorkingDir(spec.workingDir());
        String id;
        try {
            id = calls.any(create::exec).getId();
        } catch (DockerException e) {
            throw new RuntimeFailure.StartFailed("creating container " + spec.describe() + " failed: " + message(e), e);
        }
        start(id, spec);
        return ContainerLabels.handle(id, name, labels);
    }

    private void start(String id, ContainerSpec spec) {
        try {
            calls.any(() -> docker.startContainerCmd(id).exec());
        } catch (DockerException e) {
            // a container that never ran is of no use to anyone: do not leave it behind
            try {
                docker.removeContainerCmd(id).withForce(true).exec();
            } catch (RuntimeException ignored) {
                // the start failure is what matters
            }
            throw new RuntimeFailure.StartFailed("starting container " + spec.describe() + " (" + String.join(" ",
                    spec.argv()) + ") failed: " + message(e), e);
        }
    }

    private static HostConfig hostConfig(ContainerSpec spec) {
        var host = HostConfig.newHostConfig()
                .withRestartPolicy(RestartPolicy.noRestart()) // the agent restarts, with back-off
                .withBinds(spec.mounts().stream().map(ContainerFactory::bind).toList())
                .withPortBindings(portBindings(spec.ports()));
        limits(host, spec.limits());
        return host;
    }

    private static void limits(HostConfig host, Limits limits) {
        if (limits.cpuMillis() != null) host.withNanoCPUs(limits.cpuMillis() * 1_000_000L);
        if (limits.memoryBytes() != null) {
            // swap equal to memory means no swap: over the limit is an OOM kill, as in Kubernetes
            host.withMemory(limits.memoryBytes()).withMemorySwap(limits.memoryBytes());
        }
    }

    private static Bind bind(Mount m) {
        return new Bind(m.hostPath(), new Volume(m.containerPath()), m.readOnly() ? AccessMode.ro : AccessMode.rw);
    }

    private static ExposedPort exposed(PortBinding p) {
        return new ExposedPort(p.containerPort(), "UDP".equalsIgnoreCase(p.protocol())
                ? InternetProtocol.UDP : InternetProtocol.TCP);
    }

    private static Ports portBindings(List<PortBinding> ports) {
        var bindings = new Ports();
        for (var p : ports) {
            var hostIp = p.hostIp() == null || p.hostIp().isBlank() ? null : p.hostIp();
            bindings.bind(exposed(p), hostIp == null ? Ports.Binding.bindPort(p.hostPort())
                    : Ports.Binding.bindIpAndPort(hostIp, p.hostPort()));
        }
        return bindings;
    }

    /** Readable in {@code docker ps}, unique across restarts of the same container. */
    static String name(ContainerSpec spec) {
        var uid = spec.podUid().replace("-", "");
        var raw = "skiff_" + spec.podNamespace() + "_" + spec.podName() + "_" + spec.containerName() + "_"
                + uid.substring(0, Math.min(8, uid.length())) + "_"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0x100000));
        return raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "-");
    }

    private static String message(Exception e) {
        if (e instanceof NotFoundException) return "not found (" + e.getMessage().strip() + ")";
        var m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.strip().replaceAll("\\s*\\n\\s*", " ");
    }
}
