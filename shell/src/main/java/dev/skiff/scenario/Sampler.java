package dev.skiff.scenario;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A hypothesis probe sampled every period while the method runs, on its own thread; after
 * {@code failAfter} failed samples in a row it stops the run as aborted (the system deviated).
 */
final class Sampler {

    private final Probe probe;
    private final ProbeRunner probes;
    private final Clock clock;
    private final RunControl control;
    private final Consumer<Boolean> tally;
    private final Consumer<String> progress;
    private final List<Journal.Sample> samples = new ArrayList<>();
    private final RunControl done = new RunControl();
    private Thread thread;

    private Sampler(Probe probe, ProbeRunner probes, Clock clock, RunControl control, Consumer<Boolean> tally,
                    Consumer<String> progress) {
        this.probe = probe;
        this.probes = probes;
        this.clock = clock;
        this.control = control;
        this.tally = tally;
        this.progress = progress;
    }

    static Sampler start(Probe probe, ProbeRunner probes, Clock clock, RunControl control, Consumer<Boolean> tally,
                         Consumer<String> progress) {
        Sampler s = new Sampler(probe, probes, clock, control, tally, progress);
        s.thread = Thread.ofVirtual().name("probe-" + probe.name()).start(s::loop);
        return s;
    }

    private void loop() {
        int failures = 0;
        while (done.stopped().isEmpty() && control.stopped().isEmpty()) {
            long t0 = System.nanoTime();
            Instant at = clock.instant();
            ProbeRunner.Result r = probes.run(probe.provider());
            boolean ok = r.error() == null && probe.tolerance().accepts(r.value());
            synchronized (samples) {
                samples.add(new Journal.Sample(probe.name(), at, r.value(), ok, r.details()));
            }
            tally.accept(ok);
            failures = ok ? 0 : failures + 1;
            if (!ok) {
                progress.accept("  " + probe.name() + ": " + ScenarioRunner.show(r.value()) + " NOT within "
                        + probe.tolerance().describe() + (r.error() == null ? "" : " (" + r.error() + ")") + ScenarioRunner.errors(r.details())
                        + " — " + failures + " of " + probe.continuous().failAfter() + " in a row");
            }
            if (failures >= probe.continuous().failAfter()) {
                control.stop(Journal.ABORTED, "probe \"" + probe.name() + "\" deviated: " + failures
                        + " samples in a row outside " + probe.tolerance().describe());
                return;
            }
            Duration left = probe.continuous().period().minusNanos(System.nanoTime() - t0);
            if (!left.isNegative() && (done.sleep(left) || control.stopped().isPresent())) return;
        }
    }

    /** Stops sampling and waits for the sample in flight. */
    void finish() {
        done.stop("done", "method ended");
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<Journal.Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }
}
