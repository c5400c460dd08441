package dev.skiff.agent.probe;

import dev.skiff.api.Probe;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs one probe of one container on its schedule (initialDelay, period, success/failure
 * thresholds) on a virtual thread, and reports each change of its verdict. Stops when closed.
 */
public final class ProbeLoop implements AutoCloseable {
    private final Probe probe;
    private final ProbeTarget target;
    private final BooleanSupplier enabled;
    private final Consumer<Prober.Outcome> onChange;
    private final Thread thread;
    private volatile boolean closed;

    /** {@code enabled} gates attempts (liveness and readiness wait for startup to succeed). */
    public ProbeLoop(String name, Probe probe, ProbeTarget target, BooleanSupplier enabled, Consumer<Prober.Outcome> onChange) {
        this.probe = probe.withDefaults();
        this.target = target;
        this.enabled = enabled;
        this.onChange = onChange;
        this.thread = Thread.ofVirtual().name("probe-" + name).start(this::run);
    }

    private void run() {
        try {
            Thread.sleep(Duration.ofSeconds(probe.initialDelaySeconds()));
            Boolean verdict = null;
            int successes = 0;
            int failures = 0;
            while (!closed) {
                if (enabled.getAsBoolean()) {
                    var outcome = Prober.attempt(probe, target);
                    successes = outcome.success() ? successes + 1 : 0;
                    failures = outcome.success() ? 0 : failures + 1;
                    Boolean next = successes >= probe.successThreshold() ? Boolean.TRUE
                            : failures >= probe.failureThreshold() ? Boolean.FALSE : verdict;
                    if (next != null && !next.equals(verdict) && !closed) onChange.accept(outcome);
                    verdict = next;
                }
                Thread.sleep(Duration.ofSeconds(probe.periodSeconds()));
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
