package dev.skiff.agent;

import dev.skiff.agent.runtime.PodRuntime;
import dev.skiff.agent.volume.VolumeManager;
import dev.skiff.api.Pod;
import dev.skiff.client.Client;
import dev.skiff.client.EventRecorder;
import dev.skiff.client.Informer;
import java.nio.file.Path;
import java.time.Clock;

/**
 * What every pod worker of one agent shares. {@code pods} holds only the pods bound to this node
 * ({@code StoredFilter.podsBoundTo}): a pod absent from it is gone from this node, and anything
 * that needs other nodes' pods must read them from the client itself.
 */
record AgentContext(AgentConfig config, Client client, Informer<Pod> pods, PodRuntime runtime, VolumeManager volumes,
                    EnvResolver env, HostPorts hostPorts, EventRecorder events, Clock clock) {

    Path podDir(String uid) {
        return config.dataDir().resolve("pods").resolve(uid);
    }
}
