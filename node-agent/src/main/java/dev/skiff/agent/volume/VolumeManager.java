package dev.skiff.agent.volume;

import dev.skiff.agent.runtime.Mount;
import dev.skiff.api.Pod;
import java.util.List;
import java.util.Map;

/**
 * Makes a pod's volumes exist on this node before its containers start, and removes them when the
 * pod is gone. The agent calls {@link #prepare} before every container start (it must be
 * idempotent) and mounts what it returns.
 */
public interface VolumeManager {

    /** Per container name, the host paths to mount; throws {@link VolumeException} with a user-facing reason. */
    Map<String, List<Mount>> prepare(Pod pod);

    /** Releases what {@link #prepare} made for the pod with this uid (emptyDirs, mounts). */
    void release(String podUid);

    /** A failure the pod's status shows (a missing hostPath, an unreachable nfs server, …). */
    final class VolumeException extends RuntimeException {
        public VolumeException(String message) {
            super(message);
        }
    }
}
