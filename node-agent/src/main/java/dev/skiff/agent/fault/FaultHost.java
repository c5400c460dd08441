package dev.skiff.agent.fault;

import dev.skiff.agent.runtime.ContainerHandle;
import dev.skiff.agent.runtime.PodRuntime;
import java.util.Map;

/** What the fault executors need from their agent. */
public interface FaultHost {

    String nodeName();

    PodRuntime runtime();

    /** The current container of each container of a pod this node runs, by container name (empty if none). */
    Map<String, ContainerHandle> containers(String namespace, String podName);

    /**
     * Plays a power cut: the heartbeat lease is revoked (the node turns NotReady), pod workers stop,
     * every container is killed without grace, and pod events are ignored until {@link #powerOn()}.
     */
    void powerOff();

    /** Comes back from {@link #powerOff()}: a new heartbeat, registration, and the pods reconciled from the store. */
    void powerOn();
}
