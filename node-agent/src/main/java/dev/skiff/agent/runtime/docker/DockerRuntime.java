package dev.skiff.agent.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.skiff.agent.runtime.ContainerHandle;
import dev.skiff.agent.runtime.ContainerInfo;
import dev.skiff.agent.runtime.ContainerSpec;
import dev.skiff.agent.runtime.ExecResult;
import dev.skiff.agent.runtime.ExitStatus;
import dev.skiff.agent.runtime.ImageEvents;
import dev.skiff.agent.runtime.LogReader;
import dev.skiff.agent.runtime.PodRuntime;
import dev.skiff.agent.runtime.RuntimeFailure;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Runs containers through a Docker Engine API (Docker, or Podman's compatible service). Containers
 * carry labels naming their node, pod and container, which is all a restarted agent needs to find
 * them again. Exited containers stay until {@link #destroy}, so the logs of the previous run can be
 * read until the agent removes them (at the next restart of that container).
 */
public final class DockerRuntime implements PodRuntime {

    public static final String NAME = "docker";

    private final String node;
    private final DockerClient docker;
    private final DockerCalls calls;
    private final Images images;
    private final DockerExec exec;
    private final ContainerFactory factory;
    private final DockerExits exits;
    /** Containers this runtime SIGKILLed itself: their 137 is a stop, not an out-of-memory kill. */
    private final java.util.Set<String> killedHere = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private DockerRuntime(URI host, String node, DockerClient docker) {
        this.node = node;
        this.docker = docker;
        this.calls = new DockerCalls(host);
        this.images = new Images(docker, calls);
        this.exec = new DockerExec(docker, calls);
        this.factory = new ContainerFactory(docker, calls, node);
        this.exits = new DockerExits(docker, node);
    }

    /** Connects and checks the daemon answers; {@code node} scopes {@link #list} to this agent's containers. */
    public static DockerRuntime connect(URI host, String node) {
        var docker = DockerClients.open(host);
        var runtime = new DockerRuntime(host, node, docker);
        try {
            runtime.calls.any(() -> docker.pingCmd().exec());
        } catch (RuntimeException e) {
            runtime.close();
            throw e instanceof RuntimeFailure f ? f : runtime.calls.unavailable(e);
        }
        return runtime;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ContainerHandle start(ContainerSpec spec) {
        return start(spec, ImageEvents.NONE);
    }

    @Override
    public ContainerHandle start(ContainerSpec spec, ImageEvents events) {
        images.ensure(spec.image(), spec.pullPolicy(), events);
        return factory.createAndStart(spec);
    }

    /** Waits on the daemon's die events ({@link DockerExits}); polls only while that stream is down. */
    @Override
    public Optional<ExitStatus> await(ContainerHandle handle, Duration timeout) {
        var deadline = System.nanoTime() + timeout.toNanos();
        long pause = 10;
        while (true) {
            var exit = exits.next(handle.id()); // before the inspect: an exit in between still completes it
            var info = inspect(handle);
            if (info instanceof ContainerInfo.Exited exited) return Optional.of(exited.status());
            if (info instanceof ContainerInfo.Unknown unknown && !unknown.reason().startsWith("created")) {
                throw new RuntimeFailure.NoSuchContainer(handle.id());
            }
            var left = deadline - System.nanoTime();
            if (left <= 0) return Optional.empty();
            long wait = exits.streaming() ? left / 1_000_000 : Math.min(pause, left / 1_000_000);
            pause = Math.min(pause * 2, 200);
            waitFor(exit, Math.max(1, wait));
        }
    }
    @Override
    public void stop(ContainerHandle handle, Duration grace) {
        var state = state(handle.id());
        if (state == null || !Boolean.TRUE.equals(state.getRunning())) return;
        if (!grace.isZero() && !grace.isNegative()) {
            signal(handle.id(), "SIGTERM");
            thaw(handle.id(), state);
            if (await(handle, grace).isPresent()) return;
        }
        killedHere.add(handle.id());
        signal(handle.id(), "SIGKILL");
        thaw(handle.id(), state);
        if (await(handle, Duration.ofSeconds(30)).isEmpty()) {
            throw new RuntimeFailure.Unavailable("container " + handle.id() + " did not die within 30 s of SIGKILL", null);
        }
    }

    @Override
    public void destroy(ContainerHandle handle) {
        killedHere.remove(handle.id());
        try {
            calls.any(() -> docker.removeContainerCmd(handle.id()).withForce(true).withRemoveVolumes(true).exec());
        } catch (NotFoundException gone) {
            // destroying twice is fine
        } catch (ConflictException removalInProgress) {
            // another destroy is already removing it
        }
    }

    @Override
    public ContainerInfo inspect(ContainerHandle handle) {
        var inspect = inspectOrNull(handle.id());
        if (inspect == null) return new ContainerInfo.Unknown("container " + handle.id() + " is gone");
        var state = inspect.getState();
        var started = time(state.getStartedAt());
        if (Boolean.TRUE.equals(state.getRunning())) {
            return new ContainerInfo.Running(started, Boolean.TRUE.equals(state.getPaused()));
        }
        if (started == null || "created".equals(state.getStatus()) || "configured".equals(state.getStatus())) {
            return new ContainerInfo.Unknown("created, not started");
        }
        return new ContainerInfo.Exited(started, exitStatus(state, oomKilled(inspect)));
    }

    /**
     * Docker reports OOMKilled; Podman 4 on cgroup v1 does not (conmon misses the event), so a
     * SIGKILL exit (137) of a memory-limited container that this runtime did not kill counts too.
     */
    private boolean oomKilled(InspectContainerResponse inspect) {
        var state = inspect.getState();
        if (Boolean.TRUE.equals(state.getOOMKilled())) return true;
        var memory = inspect.getHostConfig() == null ? null : inspect.getHostConfig().getMemory();
        return state.getExitCodeLong() != null && state.getExitCodeLong() == 137 && memory != null && memory > 0
                && !killedHere.contains(inspect.getId());
    }

    @Override
    public LogReader logs(ContainerHandle handle) {
        calls.on(handle.id(), () -> docker.inspectContainerCmd(handle.id()).exec());
        return new DockerLogs(docker, calls, handle.id());
    }

    @Override
    public Optional<ContainerHandle> recover(ContainerHandle persisted) {
        var byId = inspectOrNull(persisted.id());
        if (byId != null && ContainerLabels.belongsTo(byId.getConfig().getLabels(), node)) {
            return Optional.of(ContainerLabels.handle(byId.getId(), byId.getName(), byId.getConfig().getLabels()));
        }
        // the id may be stale (a handle written before a crash): find the same pod's container by labels
        var uid = persisted.get("podUid");
        var container = persisted.get("container");
        if (uid == null || container == null) return Optional.empty();
        return calls.any(() -> docker.listContainersCmd().withShowAll(true)
                        .withLabelFilter(java.util.Map.of(ContainerLabels.POD_UID, uid,
                                ContainerLabels.CONTAINER, container, ContainerLabels.NODE, node))
                        .exec())
                .stream().max(Comparator.comparingLong(c -> c.getCreated() == null ? 0 : c.getCreated()))
                .map(c -> ContainerLabels.handle(c.getId(), c.getNames() == null || c.getNames().length == 0
                        ? null : c.getNames()[0], c.getLabels()));
    }

    @Override
    public void pause(ContainerHandle handle) {
        calls.run(handle.id(), () -> docker.pauseContainerCmd(handle.id()).exec());
    }

    @Override
    public void resume(ContainerHandle handle) {
        try {
            calls.run(handle.id(), () -> docker.unpauseContainerCmd(handle.id()).exec());
        } catch (DockerException notPaused) {
            if (notPaused.getHttpStatus() >= 500 || notPaused.getHttpStatus() == 404) throw notPaused;
        }
    }

    @Override
    public ExecResult exec(ContainerHandle handle, List<String> command, Duration timeout) {
        return exec.run(handle.id(), command, timeout);
    }

    @Override
    public List<ContainerHandle> list() {
        return calls.any(() -> docker.listContainersCmd().withShowAll(true)
                        .withLabelFilter(ContainerLabels.selector(node)).exec())
                .stream()
                .map(c -> ContainerLabels.handle(c.getId(), c.getNames() == null || c.getNames().length == 0
                        ? null : c.getNames()[0], c.getLabels()))
                .toList();
    }

    @Override
    public void close() {
        exits.close();
        try {
            docker.close();
        } catch (IOException ignored) {
            // nothing to release then
        }
    }

    // ---- helpers

    private InspectContainerResponse.ContainerState state(String id) {
        var inspect = inspectOrNull(id);
        return inspect == null ? null : inspect.getState();
    }

    /** Where the engine put the container's main process: read from the host's /proc (a rootful engine on this machine). */
    @Override
    public List<java.nio.file.Path> cgroups(ContainerHandle handle) {
        var inspect = inspectOrNull(handle.id());
        Long pid = inspect == null || inspect.getState() == null ? null : inspect.getState().getPidLong();
        if (pid == null || pid <= 0) return List.of();
        return dev.skiff.agent.runtime.ProcCgroups.of(pid);
    }

    private InspectContainerResponse inspectOrNull(String id) {
        try {
            return calls.any(() -> docker.inspectContainerCmd(id).exec());
        } catch (NotFoundException e) {
            return null;
        }
    }

    private void signal(String id, String signal) {
        try {
            calls.any(() -> docker.killContainerCmd(id).withSignal(signal).exec());
        } catch (NotFoundException | ConflictException alreadyGone) {
            // it exited meanwhile
        } catch (DockerException e) {
            if (state(id) != null && Boolean.TRUE.equals(state(id).getRunning())) throw e;
        }
    }

    /** A frozen process cannot act on a signal: thaw a paused container after signalling it. */
    private void thaw(String id, InspectContainerResponse.ContainerState state) {
        if (!Boolean.TRUE.equals(state.getPaused())) return;
        try {
            calls.any(() -> docker.unpauseContainerCmd(id).exec());
        } catch (DockerException alreadyThawed) {
            // it died or was unpaused meanwhile
        }
    }

    static ExitStatus exitStatus(InspectContainerResponse.ContainerState state, boolean oom) {
        var code = state.getExitCodeLong() == null ? -1 : state.getExitCodeLong().intValue();
        return new ExitStatus(code, ExitStatus.reasonFor(code, oom), time(state.getFinishedAt()));
    }

    /** Docker writes RFC 3339 with nanoseconds; "never" is the zero time 0001-01-01. */
    static Instant time(String text) {
        if (text == null || text.isBlank()) return null;
        try {
            var t = Instant.from(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text));
            return t.getEpochSecond() <= 0 ? null : t;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static void waitFor(java.util.concurrent.CompletableFuture<Void> exit, long millis) {
        try {
            exit.get(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException stillRunning) {
            // look again
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e); // never completed exceptionally
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailure.Unavailable("interrupted while waiting for a container", e);
        }
    }
}
