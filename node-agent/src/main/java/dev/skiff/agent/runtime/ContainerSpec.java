package dev.skiff.agent.runtime;

import dev.skiff.api.ImagePullPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One container to start, fully resolved by the agent: env expanded, ports allocated, volumes
 * mounted on the host. {@code command} and {@code args} follow Kubernetes (command replaces the
 * image's entrypoint, args its cmd); {@code workingDir} may be null (runtime default);
 * {@code logDir} is where a runtime that writes log files keeps them.
 */
public record ContainerSpec(String node, String podUid, String podNamespace, String podName,
                            String containerName, String image, ImagePullPolicy pullPolicy,
                            List<String> command, List<String> args, Map<String, String> env,
                            String workingDir, List<Mount> mounts, List<PortBinding> ports,
                            Limits limits, Path logDir) {

    public ContainerSpec {
        command = command == null ? List.of() : List.copyOf(command);
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? Map.of() : Map.copyOf(env);
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
        ports = ports == null ? List.of() : List.copyOf(ports);
        limits = limits == null ? Limits.NONE : limits;
    }

    /** command followed by args: what a runtime without image defaults executes. */
    public List<String> argv() {
        var all = new java.util.ArrayList<String>(command);
        all.addAll(args);
        return List.copyOf(all);
    }

    /** "namespace/pod/container", for messages. */
    public String describe() {
        return podNamespace + "/" + podName + "/" + containerName;
    }
}
