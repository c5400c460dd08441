package dev.skiff.agent;

import dev.skiff.agent.PodRecord.ContainerRecord;
import dev.skiff.agent.probe.ProbeTarget;
import dev.skiff.agent.runtime.ContainerHandle;
import dev.skiff.agent.runtime.ContainerInfo;
import dev.skiff.agent.runtime.ExitStatus;
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
    private final Map<String, String> waiting = new HashMap<>(); // container -> "Reason: message" while it cannot start
    private volatile boolean stopped;
    private boolean recovered;
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
            teardown(grace(pod));
            try {
                ctx.client().delete(Pod.class, pod.namespace(), pod.name(), DeleteOptions.now());
            } catch (ApiException.NotFound gone) {
                // someone finished it already
            }
            return null;
        }
        var now = ctx.clock().instant();
        Duration next = RESYNC;
        for (var c : pod.spec().containers()) {
            var wake = reconcile(pod, c, now);
            if (wake != null && wake.compareTo(next) < 0) next = wake;
        }
        record.save(ctx.podDir(record.uid()));
        writeStatus(pod);
        return next;
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
        recovered = true;
    }

    // ---- one container

    private Duration reconcile(Pod pod, Container c, Instant now) {
        var r = record.container(c.name());
        if (r.current() != null) {
            var info = ctx.runtime().inspect(r.current());
            if (info instanceof ContainerInfo.Running) {
                var h = health.get(c.name());
                if (h == null) health.put(c.name(), h = watchHealth(pod, c, r.current()));
                if (h.killReason() == null) return null;
                LOG.info(pod.namespace() + "/" + pod.name() + "/" + c.name() + ": " + h.killReason() + ", restarting");
                ctx.runtime().stop(r.current(), grace(pod));
                info = ctx.runtime().inspect(r.current());
            }
            if (info instanceof ContainerInfo.Exited exited && !r.exitSeen()) {
                r = exited(pod, c, r, exited);
                record.put(c.name(), r);
            }
            if (info instanceof ContainerInfo.Unknown) {
                r = new ContainerRecord(null, r.previous(), r.restartCount(), r.lastTerminated(), r.crashes(), r.restartAt(), false);
                record.put(c.name(), r);
            }
        }
        if (r.current() != null && !mayRestart(pod, r)) return null; // finished for good
        if (r.restartAt() != null && now.isBefore(r.restartAt())) {
            waiting.put(c.name(), "CrashLoopBackOff: back-off " + Duration.between(now, r.restartAt()).toSeconds() + "s restarting failed container=" + c.name() + " pod=" + pod.name());
            return Duration.between(now, r.restartAt());
        }
        return startContainer(pod, c, r);
    }

    private ContainerRecord exited(Pod pod, Container c, ContainerRecord r, ContainerInfo.Exited exited) {
        closeHealth(c.name());
        var status = exited.status();
        int crashes = ranLongEnough(exited) ? 0 : r.crashes();
        Instant restartAt = null;
        if (mayRestartAfter(pod, status)) {
            crashes++;
            restartAt = status.finishedAt().plus(ctx.config().backoff().delay(crashes - 1));
        }
        return new ContainerRecord(r.current(), r.previous(), r.restartCount(), r.lastTerminated(), crashes, restartAt, true);
    }

    private boolean ranLongEnough(ContainerInfo.Exited e) {
        return Duration.between(e.startedAt(), e.status().finishedAt()).compareTo(ctx.config().backoff().resetAfter()) >= 0;
    }

    private static boolean mayRestartAfter(Pod pod, ExitStatus status) {
        var policy = pod.spec().restartPolicy() == null ? RestartPolicy.ALWAYS : pod.spec().restartPolicy();
        return switch (policy) {
            case ALWAYS -> true;
            case ON_FAILURE -> status.code() != 0;
            case NEVER -> false;
        };
    }

    private boolean mayRestart(Pod pod, ContainerRecord r) {
        if (!r.exitSeen()) return true;
        var info = ctx.runtime().inspect(r.current());
        return info instanceof ContainerInfo.Exited e && mayRestartAfter(pod, e.status());
    }

    private Duration startContainer(Pod pod, Container c, ContainerRecord r) {
        try {
            var spec = ContainerSpecs.build(ctx, pod, c, record);
            var handle = ctx.runtime().start(spec);
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
            waiting.put(c.name(), "CreateContainerConfigError: " + e.getMessage());
        } catch (RuntimeFailure.ImageNotFound e) {
            waiting.put(c.name(), "ErrImagePull: " + e.getMessage());
        } catch (RuntimeFailure e) {
            waiting.put(c.name(), "RunContainerError: " + e.getMessage());
        }
        // a start that failed backs off like a crash
        int crashes = r.crashes() + 1;
        var restartAt = ctx.clock().instant().plus(ctx.config().backoff().delay(crashes));
        record.put(c.name(), new ContainerRecord(r.current(), r.previous(), r.restartCount(), r.lastTerminated(),
                crashes, restartAt, r.exitSeen()));
        return Duration.between(ctx.clock().instant(), restartAt);
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
        return new ContainerHealth(pod.name() + "-" + c.name(), c, target, this::kick);
    }

    private void closeHealth(String container) {
        var h = health.remove(container);
        if (h != null) h.close();
    }

    // ---- status

    private void writeStatus(Pod pod) {
        var status = PodStatuses.keepTimes(PodStatuses.build(ctx, pod, record, health, waiting), pod.status());
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
