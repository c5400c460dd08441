package dev.skiff.agent;

import dev.skiff.agent.probe.ProbeLoop;
import dev.skiff.agent.probe.ProbeTarget;
import dev.skiff.api.Container;
import java.util.ArrayList;
import java.util.List;

/**
 * The probes of one run of one container and what they concluded: started (startup probe passed,
 * or there is none), ready (readiness), and whether liveness or startup says "kill it".
 */
final class ContainerHealth implements AutoCloseable {
    private final List<ProbeLoop> loops = new ArrayList<>();
    private volatile boolean started;
    private volatile boolean ready;
    private volatile String killReason;

    ContainerHealth(String name, Container c, ProbeTarget target, Runnable changed) {
        started = c.startupProbe() == null;
        ready = c.readinessProbe() == null;
        if (c.startupProbe() != null) {
            loops.add(new ProbeLoop(name + "-startup", c.startupProbe(), target, () -> !started, o -> {
                if (o.success()) started = true;
                else killReason = "Startup probe failed: " + o.message();
                changed.run();
            }));
        }
        if (c.livenessProbe() != null) {
            loops.add(new ProbeLoop(name + "-liveness", c.livenessProbe(), target, () -> started, o -> {
                if (!o.success()) {
                    killReason = "Liveness probe failed: " + o.message();
                    changed.run();
                }
            }));
        }
        if (c.readinessProbe() != null) {
            loops.add(new ProbeLoop(name + "-readiness", c.readinessProbe(), target, () -> started, o -> {
                ready = o.success();
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

    @Override
    public void close() {
        loops.forEach(ProbeLoop::close);
    }
}
