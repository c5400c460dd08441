package dev.skiff.agent.runtime.docker;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.skiff.agent.runtime.RuntimeFailure;
import java.net.URI;
import java.util.function.Supplier;

/**
 * Turns docker-java's exceptions into {@link RuntimeFailure}s: a missing container is
 * {@code NoSuchContainer}, a daemon that does not answer is {@code Unavailable} with how to fix it.
 */
final class DockerCalls {

    private final URI host;

    DockerCalls(URI host) {
        this.host = host;
    }

    URI host() {
        return host;
    }

    /** Runs a call on container {@code id}. */
    <T> T on(String id, Supplier<T> call) {
        try {
            return call.get();
        } catch (NotFoundException e) {
            throw new RuntimeFailure.NoSuchContainer(id);
        } catch (DockerException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    void run(String id, Runnable call) {
        on(id, () -> {
            call.run();
            return null;
        });
    }

    /** A call that names no container (list, images). */
    <T> T any(Supplier<T> call) {
        try {
            return call.get();
        } catch (DockerException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    RuntimeFailure.Unavailable unavailable(Throwable cause) {
        if (cause instanceof RuntimeFailure.Unavailable u) return u;
        var root = cause;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return new RuntimeFailure.Unavailable("the Docker API at " + host + " does not answer (" + root
                + "): start Docker or Podman's API service (as root: scripts/lib/podman-setup.sh), "
                + "or point the agent at it with --docker-host / DOCKER_HOST", cause);
    }
}
