package dev.skiff.agent;

import dev.skiff.agent.runtime.ContainerHandle;
import dev.skiff.api.ContainerStateTerminated;
import dev.skiff.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the agent must remember about a pod across its own restarts (kept in
 * {@code <data-dir>/pods/<uid>/agent.json}): the handles of its containers, restart counts,
 * back-off and the host ports it holds. Everything else is re-read from the store or the runtime.
 */
record PodRecord(String uid, String namespace, String name, Instant startTime, Map<String, Integer> hostPorts,
                 Map<String, ContainerRecord> containers) {

    static final String FILE = "agent.json";

    PodRecord {
        hostPorts = hostPorts == null ? new LinkedHashMap<>() : new LinkedHashMap<>(hostPorts);
        containers = containers == null ? new LinkedHashMap<>() : new LinkedHashMap<>(containers);
    }

    /**
     * One container: the current run, the previous one (kept for its logs), how often it was
     * restarted, how its last run ended, consecutive crashes and when it may start again;
     * {@code exitSeen} says the current run's exit was already accounted for.
     */
    record ContainerRecord(ContainerHandle current, ContainerHandle previous, int restartCount,
                           ContainerStateTerminated lastTerminated, int crashes, Instant restartAt, boolean exitSeen) {
        static final ContainerRecord NEW = new ContainerRecord(null, null, 0, null, 0, null, false);
    }

    ContainerRecord container(String name) {
        return containers.getOrDefault(name, ContainerRecord.NEW);
    }

    void put(String name, ContainerRecord record) {
        containers.put(name, record);
    }

    void save(Path podDir) {
        try {
            Files.createDirectories(podDir);
            var tmp = podDir.resolve(FILE + ".tmp");
            Files.write(tmp, Json.toJsonBytes(this));
            Files.move(tmp, podDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the agent's record of pod " + namespace + "/" + name + ": "
                    + e.getMessage(), e);
        }
    }

    static Optional<PodRecord> load(Path podDir) {
        try {
            var file = podDir.resolve(FILE);
            return Files.exists(file) ? Optional.of(Json.fromJson(Files.readAllBytes(file), PodRecord.class)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
