package dev.skiff.agent;

import dev.skiff.agent.PodRecord.ContainerRecord;
import dev.skiff.agent.http.ContainerLookup;
import dev.skiff.agent.probe.ProbeTarget;
import dev.skiff.agent.runtime.ContainerHandle;
import dev.skiff.agent.runtime.ContainerInfo;
import dev.skiff.agent.runtime.ExitStatus;
import dev.skiff.agent.runtime.ImageEvents;
import dev.skiff.agent.runtime.RuntimeFailure;
import dev.skiff.agent.volume.VolumeManager;
import dev.skiff.api.Container;
import dev.skiff.api.ContainerStateTerminated;
import dev.skiff.api.Pod;
import dev.skiff.api.RestartPolicy;
import dev.skiff.client.ApiException;
import dev.skiff.client.DeleteOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one virtual thread that owns one pod on this node: it reconciles what should run against
 * what runs whenever something changes (the pod, a container exit, a probe verdict) and at least
 * every few seconds, then reports the truth in the pod's status.
 */
final class PodWorker {
    private static final Logger LOG = Logger.getLogger(PodWorker.class.getName());
    private static final Duration RESYNC = Duration.ofSeconds(5);
    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

    private final AgentContext ctx;
    private final PodRecord record;
    private final Consumer<PodWorker> onDone;
    private final Semaphore kicks = new Semaphore(0);
    private final Map<String, ContainerHealth> health = new HashMap<>();
    private final Map<String, String> waiting = new ConcurrentHashMap<>(); // container -> "Reason: message" while it cannot start
    /** The containers' records as of the last round, for the API's threads (the record itself is the worker's). */
    private volatile Map<String, ContainerRecord> published = Map.of();
    private volatile boolean stopped;
    private boolean recovered;
    private boolean saved;
    private Thread thread;

    PodWorker(AgentContext ctx, PodRecord record, Consumer<PodWorker> onDone) {
        this.ctx = ctx;
        this.record = record;
        this.onDone = onDone;
    }

    String uid() {
        return record.uid();
    }

    PodWorker start() {
        thread = Thread.ofVirtual().name("pod-" + record.namespace() + "/" + record.name()).start(this::run);
        return this;
    }

    void kick() {
        kicks.release();
    }

    /** Stops reconciling, leaving the containers running (the agent is shutting down). */
    void halt() {
        stopped = true;
        kick();
        health.values().forEach(ContainerHealth::close);
    }

    /** Waits (up to {@code timeout}) for a {@link #halt}ed worker's thread to end, so it touches no container after. */
    void awaitHalted(Duration timeout) {
        if (thread == null) return;
        try {
            thread.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The current container of each container, as of the last round (for chaos faults). */
    Map<String, ContainerHandle> currentHandles() {
        var out = new java.util.LinkedHashMap<String, ContainerHandle>();
        published.forEach((name, r) -> {
            if (r.current() != null) out.put(name, r.current());
        });
        return out;
    }

    private void run() {
        try {
            while (!stopped) {
                Duration next;
                try {
                    next = sync();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "pod " + record.namespace() + "/" + record.name() + ": " + e.getMessage(), e);
                    next = Duration.ofSeconds(1);
                }
                if (next == null) break; // the pod is gone
                kicks.tryAcquire(Math.max(1, next.toMillis()), TimeUnit.MILLISECONDS);
                kicks.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            health.values().forEach(ContainerHealth::close);
            onDone.accept(this);
        }
    }

    /** One round; returns when to look again at the latest, or null when the pod is finished here. */
    private Duration sync() {
        if (!recovered) recover();
        var pod = ctx.pods().get(record.namespace(), record.name())
                .filter(p -> record.uid().equals(p.metadata().uid())).orElse(null);
        if (pod == null) {
            teardown(Duration.ofSeconds(2));
            return null;
        }
        if (pod.metadata().deletionTimestamp() != null) {
            announceKilling(pod);
            teardown(grace(pod));
            try {
                ctx.client().delete(Pod.class, pod.namespace(), pod.name(), DeleteOptions.now());
            } catch (ApiException.NotFound gone) {
                // someone finished it already
            }
            return null;
        }
        var now = ctx.clock().instant();
        var init = initialize(pod, now);
        Duration next = init.wake() == null ? RESYNC : init.wake();
        if (init.done()) {
            for (var c : pod.spec().containers()) {
                var wake = reconcile(pod, c, now, false);
                if (wake != null && wake.compareTo(next) < 0) next = wake;
            }
        }
        var now2 = Map.copyOf(record.containers());
        if (!now2.equals(published) || !saved) {
            record.save(ctx.podDir(record.uid())); // only on change: an idle node must not write its disk (SD cards)
            saved = true;
        }
        published = now2;
        writeStatus(pod, init);
        return next;
    }

    /** Where the init containers are: all succeeded (done), one failed for good, or one runs or waits. */
    record InitState(boolean done, boolean failed, Duration wake) {
        static final InitState DONE = new InitState(true, false, null);
    }

    /**
     * Runs the init containers one after another, each to success, before any container starts (as
     * Kubernetes does). Once a container has started the pod counts as initialized for good, so a
     * restarted agent never runs the init containers again.
     */
    private InitState initialize(Pod pod, Instant now) {
        var inits = pod.spec().initContainers();
        if (inits == null || inits.isEmpty() || containersStarted(pod)) return InitState.DONE;
        for (var c : inits) {
            var wake = reconcile(pod, c, now, true);
            var exit = exitOf(record.container(c.name()));
            if (exit != null && exit.code() == 0) continue;
            boolean failedForGood = exit != null && record.container(c.name()).exitSeen()
                    && !mayRestartAfter(policy(pod, true), exit);
            return new InitState(false, failedForGood, wake);
        }
        return InitState.DONE;
    }

    private boolean containersStarted(Pod pod) {
        for (var c : pod.spec().containers()) {
            var r = record.container(c.name());
            if (r.current() != null || r.lastTerminated() != null) return true;
        }
        return false;
    }

    private ExitStatus exitOf(ContainerRecord r) {
        if (r.current() == null || !r.exitSeen()) return null;
        return ctx.runtime().inspect(r.current()) instanceof ContainerInfo.Exited e ? e.status() : null;
    }

    /** The API's lookup of one container run of this pod. */
    ContainerLookup.Found find(Pod pod, String container, boolean previous) {
        var names = new ArrayList<String>();
        if (pod.spec().initContainers() != null) pod.spec().initContainers().forEach(c -> names.add(c.name()));
        pod.spec().containers().forEach(c -> names.add(c.name()));
        var name = container != null && !container.isEmpty() ? container : pod.spec().containers().getFirst().name();
        if (!names.contains(name)) {
            throw new ContainerLookup.ApiError(404, "container " + name + " is not valid for pod " + pod.name()
                    + ": choose one of " + names);
        }
        var r = published.getOrDefault(name, ContainerRecord.NEW);
        var handle = previous ? r.previous() : r.current();
        if (handle == null && previous) {
            throw new ContainerLookup.ApiError(400, "previous terminated container \"" + name + "\" in pod \"" + pod.name()
                    + "\" not found");
        }
        if (handle == null) {
            var why = waiting.get(name);
            throw new ContainerLookup.ApiError(400, "container \"" + name + "\" in pod \"" + pod.name()
                    + "\" is waiting to start" + (why == null ? "" : ": " + why));
        }
        return new ContainerLookup.Found(name, handle);
    }

    /** After an agent restart: re-attach to what still runs; what is gone counts as exited. */
    private void recover() {
        for (var e : new ArrayList<>(record.containers().entrySet())) {
            var r = e.getValue();
            var current = r.current() == null ? null : ctx.runtime().recover(r.current()).orElse(null);
            var previous = r.previous() == null ? null : ctx.runtime().recover(r.previous()).orElse(null);
            record.put(e.getKey(), new ContainerRecord(current, previous, r.restartCount(), r.lastTerminated(),
                    r.crashes(), r.restartAt(), current != null && r.exitSeen()));
        }
        ctx.hostPorts().hold(record.hostPorts().values());
        published = Map.copyOf(record.containers());
        recovered = true;
    }

    // ---- one container

    private Duration reconcile(Pod pod, Container c, Instant now, boolean init) {
        var r = record.container(c.name());
        if (r.current() != null) {
            var info = ctx.runtime().inspect(r.current());
            if (info instanceof ContainerInfo.Running) {
                var h = health.get(c.name());
                if (h == null) health.put(c.name(), h = watchHealth(pod, c, r.current()));
                if (h.killReason() == null) return null;
                LOG.info(pod.namespace() + "/" + pod.name() + "/" + c.name() + ": " + h.killReason() + ", restarting");
                ctx.events().normal(pod, "Killing", "Container " + c.name() + " failed "
                        + (h.killReason().startsWith("Startup") ? "startup" : "liveness") + " probe, will be restarted");
                ctx.runtime().stop(r.current(), grace(pod));
                info = ctx.runtime().inspect(r.current());
            }
            if (info instanceof ContainerInfo.Exited exited && !r.exitSeen()) {
                r = exited(pod, c, r, exited, init);
                record.put(c.name(), r);
            }
            if (info instanceof ContainerInfo.Unknown) {
                r = new ContainerRecord(null, r.previous(), r.restartCount(), r.lastTerminated(), r.crashes(), r.restartAt(), false);
                record.put(c.name(), r);
            }
        }
        if (r.current() != null && !mayRestart(policy(pod, init), r)) return null; // finished for good
        if (r.restartAt() != null && now.isBefore(r.restartAt())) {
            var failedStart = waiting.get(c.name());
            if (failedStart != null && failedStart.startsWith("ErrImagePull: ")) {
                waiting.put(c.name(), "ImagePullBackOff: " + failedStart.substring("ErrImagePull: ".length()));
            } else if (failedStart == null || failedStart.startsWith("CrashLoopBackOff: ")) {
                // a container that could not even start keeps saying why (CreateContainerConfigError, …), as in Kubernetes
                waiting.put(c.name(), "CrashLoopBackOff: back-off " + Duration.between(now, r.restartAt()).toSeconds()
                        + "s restarting failed container=" + c.name() + " pod=" + pod.name());
            }
            return Duration.between(now, r.restartAt());
        }
        return startContainer(pod, c, r);
    }

    private ContainerRecord exited(Pod pod, Container c, ContainerRecord r, ContainerInfo.Exited exited, boolean init) {
        closeHealth(c.name());
        var status = exited.status();
        int crashes = ranLongEnough(exited) ? 0 : r.crashes();
        Instant restartAt = null;
        if (mayRestartAfter(policy(pod, init), status)) {
            crashes++;
            restartAt = status.finishedAt().plus(ctx.config().backoff().delay(crashes - 1));
            backOff(pod, c);
        }
        return new ContainerRecord(r.current(), r.previous(), r.restartCount(), r.lastTerminated(), crashes, restartAt, true);
    }

    private boolean ranLongEnough(ContainerInfo.Exited e) {
        return Duration.between(e.startedAt(), e.status().finishedAt()).compareTo(ctx.config().backoff().resetAfter()) >= 0;
    }

    /** Init containers run to success: Always means OnFailure for them. */
    private static RestartPolicy policy(Pod pod, boolean init) {
        var policy = pod.spec().restartPolicy() == null ? RestartPolicy.ALWAYS : pod.spec().restartPolicy();
        return init && policy == RestartPolicy.ALWAYS ? RestartPolicy.ON_FAILURE : policy;
    }

    private void backOff(Pod pod, Container c) {
        ctx.events().warning(pod, "BackOff", "Back-off restarting failed container " + c.name() + " in pod "
                + pod.name() + "_" + pod.namespace() + "(" + pod.metadata().uid() + ")");
    }

    private static boolean mayRestartAfter(RestartPolicy policy, ExitStatus status) {
        return switch (policy) {
            case ALWAYS -> true;
            case ON_FAILURE -> status.code() != 0;
            case NEVER -> false;
        };
    }

    private boolean mayRestart(RestartPolicy policy, ContainerRecord r) {
        if (!r.exitSeen()) return true;
        var info = ctx.runtime().inspect(r.current());
        return info instanceof ContainerInfo.Exited e && mayRestartAfter(policy, e.status());
    }

    private Duration startContainer(Pod pod, Container c, ContainerRecord r) {
        try {
            var spec = ContainerSpecs.build(ctx, pod, c, record);
            var handle = ctx.runtime().start(spec, imageEvents(pod));
            ctx.events().normal(pod, "Created", "Created container " + c.name());
            ctx.events().normal(pod, "Started", "Started container " + c.name());
            var previousEnded = r.current() == null ? r.lastTerminated() : terminated(r.current());
            if (r.previous() != null) destroyQuietly(r.previous());
            int restarts = r.current() == null && r.previous() == null && r.lastTerminated() == null ? r.restartCount()
                    : r.restartCount() + 1;
            record.put(c.name(), new ContainerRecord(handle, r.current(), restarts, previousEnded, r.crashes(), null, false));
            waiting.remove(c.name());
            closeHealth(c.name());
            health.put(c.name(), watchHealth(pod, c, handle));
            return Duration.ofMillis(200); // look again soon: it may exit at once
        } catch (EnvResolver.ConfigError | RuntimeFailure.InvalidSpec | VolumeManager.VolumeException e) {
            failed(pod, c, "CreateContainerConfigError", e.getMessage());
        } catch (RuntimeFailure.ImageNotFound e) {
            failed(pod, c, "ErrImagePull", e.getMessage());
        } catch (RuntimeFailure e) {
            failed(pod, c, "RunContainerError", e.getMessage());
        }
        // a start that failed backs off like a crash
        int crashes = r.crashes() + 1;
        var restartAt = ctx.clock().instant().plus(ctx.config().backoff().delay(crashes));
        record.put(c.name(), new ContainerRecord(r.current(), r.previous(), r.restartCount(), r.lastTerminated(),
                crashes, restartAt, r.exitSeen()));
        return Duration.between(ctx.clock().instant(), restartAt);
    }

    private void failed(Pod pod, Container c, String reason, String message) {
        var before = waiting.put(c.name(), reason + ": " + message);
        boolean again = before != null && before.endsWith(": " + message);
        if (!again) ctx.events().warning(pod, "Failed", "Error: " + reason + ": " + message);
        else backOff(pod, c);
    }

    private ImageEvents imageEvents(Pod pod) {
        return new ImageEvents() {
            @Override
            public void pulling(String image) {
                ctx.events().normal(pod, "Pulling", "Pulling image \"" + image + "\"");
            }

            @Override
            public void pulled(String image, Duration took) {
                ctx.events().normal(pod, "Pulled", "Successfully pulled image \"" + image + "\" in "
                        + took.toMillis() + "ms");
            }

            @Override
            public void present(String image) {
                ctx.events().normal(pod, "Pulled", "Container image \"" + image + "\" already present on machine");
            }
        };
    }

    private ContainerStateTerminated terminated(ContainerHandle handle) {
        if (ctx.runtime().inspect(handle) instanceof ContainerInfo.Exited e) {
            return PodStatuses.terminated(e, handle);
        }
        return null;
    }

    private ContainerHealth watchHealth(Pod pod, Container c, ContainerHandle handle) {
        var ports = new HashMap<Integer, Integer>();
        var named = new HashMap<String, Integer>();
        for (var p : c.portsOrEmpty()) {
            Integer host = record.hostPorts().get(ContainerSpecs.portKey(c, p));
            if (host != null) ports.put(p.containerPort(), host); // probes reach the app where the node publishes it
            if (p.name() != null) named.put(p.name(), p.containerPort());
        }
        var target = new ProbeTarget(ctx.config().address(), ports, named, ctx.runtime(), handle);
        return new ContainerHealth(pod.name() + "-" + c.name(), c, target, this::kick,
                message -> ctx.events().warning(pod, "Unhealthy", message));
    }

    private void closeHealth(String container) {
        var h = health.remove(container);
        if (h != null) h.close();
    }

    // ---- status

    private void writeStatus(Pod pod, InitState init) {
        var status = PodStatuses.keepTimes(PodStatuses.build(ctx, pod, record, health, waiting, init), pod.status());
        if (status.equals(pod.status())) return;
        try {
            ctx.client().modifyStatus(Pod.class, pod.namespace(), pod.name(),
                    p -> record.uid().equals(p.metadata().uid()) ? p.withStatus(PodStatuses.keepTimes(status, p.status())) : p);
        } catch (ApiException.NotFound gone) {
            kick(); // the next round tears it down
        }
    }

    // ---- the end

    private void teardown(Duration grace) {
        health.values().forEach(ContainerHealth::close);
        health.clear();
        var stops = new ArrayList<Thread>();
        for (var r : record.containers().values()) {
            if (r.current() != null) stops.add(Thread.ofVirtual().start(() -> stopQuietly(r.current(), grace)));
        }
        for (var t : stops) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (var r : record.containers().values()) {
            if (r.current() != null) destroyQuietly(r.current());
            if (r.previous() != null) destroyQuietly(r.previous());
        }
        ctx.volumes().release(record.uid());
        ctx.hostPorts().release(record.hostPorts().values());
        deleteDir(ctx.podDir(record.uid()));
    }

    private void announceKilling(Pod pod) {
        for (var e : record.containers().entrySet()) {
            var h = e.getValue().current();
            if (h != null && ctx.runtime().inspect(h) instanceof ContainerInfo.Running) {
                ctx.events().normal(pod, "Killing", "Stopping container " + e.getKey());
            }
        }
    }

    private void stopQuietly(ContainerHandle h, Duration grace) {
        try {
            ctx.runtime().stop(h, grace);
        } catch (RuntimeFailure e) {
            LOG.warning("stopping " + h.id() + ": " + e.getMessage());
        }
    }

    private void destroyQuietly(ContainerHandle h) {
        try {
            ctx.runtime().destroy(h);
        } catch (RuntimeFailure e) {
            LOG.warning("destroying " + h.id() + ": " + e.getMessage());
        }
    }

    private static Duration grace(Pod pod) {
        Long seconds = pod.metadata().deletionGracePeriodSeconds();
        if (seconds == null) seconds = pod.spec().terminationGracePeriodSeconds();
        return seconds == null ? DEFAULT_GRACE : Duration.ofSeconds(seconds);
    }

    private static void deleteDir(java.nio.file.Path dir) {
        if (!java.nio.file.Files.exists(dir)) return;
        try (var walk = java.nio.file.Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException ignored) {
            // a leftover directory holds nothing that runs
        }
    }
}
