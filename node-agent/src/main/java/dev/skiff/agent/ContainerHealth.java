package dev.skiff.agent;

import dev.skiff.agent.probe.ProbeLoop;
import dev.skiff.agent.probe.ProbeTarget;
import dev.skiff.api.Container;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The probes of one run of one container and what they concluded: started (startup probe passed,
 * or there is none), ready (readiness), and whether liveness or startup says "kill it". It also
 * waits for the run to exit, so the worker hears of an exit at once instead of at its next resync.
 */
final class ContainerHealth implements AutoCloseable {
    private final List<ProbeLoop> loops = new ArrayList<>();
    private volatile boolean started;
    private volatile boolean ready;
    private volatile String killReason;

    private final Thread exitWatch;
    private volatile boolean closed;

    /** {@code unhealthy} hears each failed verdict ("Liveness probe failed: …") for the Unhealthy event. */
    ContainerHealth(String name, Container c, ProbeTarget target, Runnable changed, Consumer<String> unhealthy) {
        // the process runtime waits on the child itself, docker on the daemon's event stream: both cheap to block on
        exitWatch = Thread.ofVirtual().name("exit-" + name).start(() -> watchExit(target, changed));
        started = c.startupProbe() == null;
        ready = c.readinessProbe() == null;
        if (c.startupProbe() != null) {
            loops.add(new ProbeLoop(name + "-startup", c.startupProbe(), target, () -> !started, o -> {
                if (o.success()) started = true;
                else unhealthy.accept(killReason = "Startup probe failed: " + o.message());
                changed.run();
            }));
        }
        if (c.livenessProbe() != null) {
            loops.add(new ProbeLoop(name + "-liveness", c.livenessProbe(), target, () -> started, o -> {
                if (!o.success()) {
                    unhealthy.accept(killReason = "Liveness probe failed: " + o.message());
                    changed.run();
                }
            }));
        }
        if (c.readinessProbe() != null) {
            loops.add(new ProbeLoop(name + "-readiness", c.readinessProbe(), target, () -> started, o -> {
                ready = o.success();
                if (!ready) unhealthy.accept("Readiness probe failed: " + o.message());
                changed.run();
            }));
        }
    }

    boolean started() {
        return started;
    }

    boolean ready() {
        return started && ready;
    }

    /** Why the container must be restarted, or null. */
    String killReason() {
        return killReason;
    }

    private void watchExit(ProbeTarget target, Runnable changed) {
        try {
            while (!closed) {
                if (target.runtime().await(target.handle(), Duration.ofMinutes(10)).isPresent()) {
                    if (!closed) changed.run();
                    return;
                }
            }
        } catch (RuntimeException e) {
            // the runtime lost it: the worker's resync finds out
        }
    }

    @Override
    public void close() {
        closed = true;
        exitWatch.interrupt();
        loops.forEach(ProbeLoop::close);
    }
}
