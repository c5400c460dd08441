package dev.skiff.agent.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How a node runs containers (after Nomad's task drivers). One instance per agent; every method is
 * safe to call from many threads. Failures are {@link RuntimeFailure}s.
 *
 * <p>The handle returned by {@link #start} is a plain value the agent persists (as JSON) in its
 * data dir; after an agent restart a new runtime instance {@link #recover}s it, so what was running
 * keeps running — no duplicate, no orphan.
 */
public interface PodRuntime extends AutoCloseable {

    /** "process" or "docker": the value of the node label {@code skiff.dev/runtime}. */
    String name();

    /** Creates and starts the container; returns once it runs (or has already exited). */
    ContainerHandle start(ContainerSpec spec);

    /** As {@link #start(ContainerSpec)}, telling {@code images} what it does about the image first. */
    default ContainerHandle start(ContainerSpec spec, ImageEvents images) {
        return start(spec);
    }

    /** Waits up to {@code timeout} for the container to exit; empty when it still runs. */
    Optional<ExitStatus> await(ContainerHandle handle, Duration timeout);

    /**
     * Stops the whole container: SIGTERM (to its process group), up to {@code grace} for it to
     * exit, then SIGKILL. Returns when it has exited. Stopping an exited container does nothing.
     */
    void stop(ContainerHandle handle, Duration grace);

    /** Stops it at once if it runs and releases everything it holds (state, logs, limits). */
    void destroy(ContainerHandle handle);

    /** What the container is doing now. */
    ContainerInfo inspect(ContainerHandle handle);

    /** Its logs (stdout and stderr interleaved), also after it has exited, until destroyed. */
    LogReader logs(ContainerHandle handle);

    /**
     * Re-attaches to a container started by an earlier instance of this runtime (before an agent
     * restart). Returns the live handle — running or exited, but not yet destroyed — or empty when
     * nothing is left of it.
     */
    Optional<ContainerHandle> recover(ContainerHandle persisted);

    /** Freezes every process of the container (SIGSTOP / docker pause), as a chaos fault. */
    void pause(ContainerHandle handle);

    /** Undoes {@link #pause}. */
    void resume(ContainerHandle handle);

    /** Runs a command in the container's context (its env, working dir, mounts); for probes and exec. */
    ExecResult exec(ContainerHandle handle, List<String> command, Duration timeout);

    /**
     * The cgroup directories the container's processes run in, so other work can be charged to it
     * (a stress fault "in the pod"); empty when the runtime made none or cannot tell.
     */
    default List<java.nio.file.Path> cgroups(ContainerHandle handle) {
        return List.of();
    }

    /** Every container this runtime holds for this node and that is not destroyed yet (for orphan clean-up). */
    List<ContainerHandle> list();

    /** Releases the runtime's own resources; the containers keep running. */
    @Override
    void close();
}
