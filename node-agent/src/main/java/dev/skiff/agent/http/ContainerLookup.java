package dev.skiff.agent.http;

import dev.skiff.agent.runtime.ContainerHandle;
import java.util.List;

/** How the API finds the run of a container this agent holds. */
public interface ContainerLookup {

    /** The pods this agent works on now, with their containers' names (for {@code /stats}). */
    List<PodContainers> pods();

    record PodContainers(String namespace, String pod, List<String> containers) {}

    /**
     * The current run of the container (null name = the pod's first container), or the one before
     * it when {@code previous}; throws {@link ApiError} (404/400) saying what is missing.
     */
    Found find(String namespace, String pod, String container, boolean previous);

    /** The run found, and the container's name (resolved when none was asked for). */
    record Found(String container, ContainerHandle handle) {}

    /** A refusal the API answers with {@code status} and a one-line message. */
    final class ApiError extends RuntimeException {
        private final int status;

        public ApiError(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
