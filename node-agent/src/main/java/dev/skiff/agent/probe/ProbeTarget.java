package dev.skiff.agent.probe;

import dev.skiff.agent.runtime.ContainerHandle;
import dev.skiff.agent.runtime.PodRuntime;
import dev.skiff.api.IntOrString;
import java.util.Map;

/**
 * Where a container answers probes: the node address, and its ports as the host sees them (a
 * probe names the container port; on the process runtime the app listens on the allocated host
 * port, so the probe goes there).
 */
public record ProbeTarget(String host, Map<Integer, Integer> hostPortByContainerPort, Map<String, Integer> containerPortByName,
                          PodRuntime runtime, ContainerHandle handle) {

    int port(IntOrString port) {
        int containerPort = switch (port) {
            case IntOrString.Int i -> i.value();
            case IntOrString.Str s -> {
                Integer p = containerPortByName.get(s.value());
                if (p == null) {
                    try {
                        yield Integer.parseInt(s.value());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("the container declares no port named " + s.value());
                    }
                }
                yield p;
            }
        };
        return hostPortByContainerPort.getOrDefault(containerPort, containerPort);
    }
}
