package dev.skiff.agent;

import dev.skiff.agent.PodRecord.ContainerRecord;
import dev.skiff.agent.runtime.ContainerHandle;
import dev.skiff.api.Event;
import dev.skiff.api.Json;
import dev.skiff.api.Pod;
import java.io.File;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Walks the code a pod start runs once, on a sample pod, right after the agent is ready: JSON for
 * pods with a status, the agent's pod record and events, and (for the process runtime) one spawned
 * child. The JVM loads, links and compiles that code lazily, and on a small machine the first pods
 * bound to a fresh agent paid for it — hundreds of ms each, the whole tail of bound → Running
 * (AgentBench). Nothing here touches the store, the runtime's state or the disk.
 */
final class Warmup {
    private static final Logger LOG = Logger.getLogger(Warmup.class.getName());

    // JSON, not YAML: an agent reads and writes only JSON, and YAML would load SnakeYAML and Jackson's YAML
    // module (~100 classes, ~1 MB of an idle agent's RSS) for this walk alone
    private static final String SAMPLE_POD = """
            {"apiVersion": "v1", "kind": "Pod",
             "metadata": {"name": "warm-up", "namespace": "default", "uid": "00000000-0000-0000-0000-000000000000",
               "resourceVersion": "1", "labels": {"app": "warm-up"}, "creationTimestamp": "2025-01-01T00:00:00Z"},
             "spec": {"nodeName": "warm-up", "terminationGracePeriodSeconds": 1,
               "containers": [{"name": "app", "image": "busybox", "command": ["sleep", "3600"],
                 "env": [{"name": "A", "value": "b"}], "ports": [{"containerPort": 8080, "name": "http"}]}]},
             "status": {"phase": "Running", "hostIP": "127.0.0.1", "podIP": "127.0.0.1",
               "startTime": "2025-01-01T00:00:00Z",
               "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": "2025-01-01T00:00:00Z"}],
               "containerStatuses": [{"name": "app", "ready": true, "restartCount": 0, "image": "busybox",
                 "containerID": "process://0", "state": {"running": {"startedAt": "2025-01-01T00:00:00Z"}},
                 "lastState": {"terminated": {"exitCode": 1, "reason": "Error", "startedAt": "2025-01-01T00:00:00Z",
                   "finishedAt": "2025-01-01T00:00:01Z"}}}]}}
            """;

    private static final String SAMPLE_EVENT = """
            {"apiVersion": "v1", "kind": "Event", "metadata": {"name": "warm-up.1", "namespace": "default"},
             "involvedObject": {"kind": "Pod", "namespace": "default", "name": "warm-up",
               "uid": "00000000-0000-0000-0000-000000000000"},
             "reason": "Started", "message": "Started container app", "type": "Normal", "count": 1,
             "firstTimestamp": "2025-01-01T00:00:00Z", "lastTimestamp": "2025-01-01T00:00:00Z"}
            """;

    private Warmup() {}

    /** Runs the walk on a background virtual thread; a failure only costs the first pod its head start. */
    static void start(String runtime) {
        Thread.ofVirtual().name("warm-up").start(() -> {
            try {
                run(runtime);
            } catch (RuntimeException | IOException e) {
                LOG.fine("warm-up: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    static void run(String runtime) throws IOException, InterruptedException {
        var pod = Json.fromJson(SAMPLE_POD, Pod.class);
        var back = Json.fromJson(Json.toJsonBytes(pod), Pod.class); // the informer's decode, the status write's encode
        Json.fromTree(Json.toTree(back), Pod.class); // updateStatus merges through trees
        PodStatuses.keepTimes(back.status(), pod.status());
        ServiceEnv.forPod(pod, List.of());
        var record = new PodRecord(pod.metadata().uid(), pod.namespace(), pod.name(), Clock.systemUTC().instant(),
                Map.of("app/8080/TCP", 30000), Map.of("app", new ContainerRecord(
                        new ContainerHandle(runtime, "0", Map.of("pid", "1")), null, 0,
                        back.status().containerStatuses().getFirst().lastState().terminated(), 0, null, false)));
        Json.fromJson(Json.toJsonBytes(record), PodRecord.class);
        Json.toJsonBytes(Json.fromJson(SAMPLE_EVENT, Event.class));
        if ("process".equals(runtime)) {
            // the first fork loads and links the JDK's process machinery (and starts its reaper)
            var p = new ProcessBuilder("true").redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
            p.onExit().join();
        }
    }
}
