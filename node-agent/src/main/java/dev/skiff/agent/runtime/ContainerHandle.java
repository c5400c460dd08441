package dev.skiff.agent.runtime;

import java.util.Map;

/**
 * A reference to one started container, as a plain value: the agent persists it (JSON) and hands
 * it back to {@link PodRuntime#recover} after a restart. {@code data} is the runtime's own
 * (e.g. pid and start time, or a docker container id).
 */
public record ContainerHandle(String runtime, String id, Map<String, String> data) {
    public ContainerHandle {
        data = data == null ? Map.of() : Map.copyOf(data);
    }

    public String get(String key) {
        return data.get(key);
    }
}
