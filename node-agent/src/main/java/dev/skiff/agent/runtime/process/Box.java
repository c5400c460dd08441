package dev.skiff.agent.runtime.process;

import dev.skiff.agent.runtime.ContainerHandle;
import dev.skiff.agent.runtime.ExitStatus;
import dev.skiff.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One container of the process runtime as it lives on disk: its handle, what exec needs, the exit
 * code the wrapper left, and the final status once the runtime has settled it.
 */
record Box(String id, Path dir, Path logDir, long pid, long startTicks, Instant startedAt, List<Path> cgroups,
           boolean mountNs) {

    static final String RUNTIME = "process";
    private static final String HANDLE = "handle.json";
    private static final String EXEC = "exec.json";
    private static final String FINAL = "final.json";
    private static final String PAUSED = "paused";

    /** What exec needs to run a command as the container would. */
    record ExecContext(Map<String, String> env, String workingDir) {}

    ContainerHandle handle() {
        var data = new HashMap<String, String>();
        data.put("pid", Long.toString(pid));
        data.put("startTicks", Long.toString(startTicks));
        data.put("startedAt", startedAt.toString());
        data.put("dir", dir.toString());
        data.put("logDir", logDir.toString());
        data.put("cgroups", String.join(":", cgroups.stream().map(Path::toString).toList()));
        data.put("mountNs", Boolean.toString(mountNs));
        return new ContainerHandle(RUNTIME, id, data);
    }

    static Box of(ContainerHandle h, Path containersDir) {
        var d = h.data();
        var dir = d.containsKey("dir") ? Path.of(d.get("dir")) : containersDir.resolve(h.id());
        var cgroups = d.getOrDefault("cgroups", "").isEmpty() ? List.<Path>of()
                : Arrays.stream(d.get("cgroups").split(":")).map(Path::of).toList();
        return new Box(h.id(), dir, Path.of(d.getOrDefault("logDir", dir.resolve("logs").toString())),
                Long.parseLong(d.getOrDefault("pid", "-1")), Long.parseLong(d.getOrDefault("startTicks", "-1")),
                Instant.parse(d.getOrDefault("startedAt", Instant.EPOCH.toString())), cgroups,
                Boolean.parseBoolean(d.get("mountNs")));
    }

    static Optional<ContainerHandle> load(Path dir) {
        try {
            var file = dir.resolve(HANDLE);
            return Files.exists(file) ? Optional.of(Json.fromJson(Files.readAllBytes(file), ContainerHandle.class))
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    boolean exists() {
        return Files.exists(dir.resolve(HANDLE));
    }

    void save(ExecContext exec) {
        write(EXEC, Json.toJsonBytes(exec));
        write(HANDLE, Json.toJsonBytes(handle())); // last: a handle on disk means a complete box
    }

    ExecContext execContext() {
        try {
            return Json.fromJson(Files.readAllBytes(dir.resolve(EXEC)), ExecContext.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean alive() {
        return pid > 0 && ProcStat.alive(pid, startTicks);
    }

    Optional<ExitStatus> finalStatus() {
        try {
            var file = dir.resolve(FINAL);
            return Files.exists(file) ? Optional.of(Json.fromJson(Files.readAllBytes(file), ExitStatus.class))
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    void saveFinal(ExitStatus status) {
        write(FINAL, Json.toJsonBytes(status));
    }

    /** The code the wrapper recorded, and when; empty when it was killed before it could. */
    Optional<Map.Entry<Integer, Instant>> recordedExit() {
        try {
            var file = dir.resolve(Wrapper.EXIT_FILE);
            if (!Files.exists(file)) return Optional.empty();
            int code = Integer.parseInt(Files.readString(file).trim());
            return Optional.of(Map.entry(code, Files.getLastModifiedTime(file).toInstant()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    boolean paused() {
        return Files.exists(dir.resolve(PAUSED));
    }

    void markPaused(boolean paused) {
        try {
            if (paused) Files.writeString(dir.resolve(PAUSED), "");
            else Files.deleteIfExists(dir.resolve(PAUSED));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void delete() {
        deleteTree(logDir);
        deleteTree(dir);
    }

    private void write(String name, byte[] bytes) {
        try {
            // a unique temporary name: two writers never move each other's file away
            var tmp = Files.createTempFile(dir, name, ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, dir.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(name) + ": " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root + ": " + e.getMessage(), e);
        }
    }
}
