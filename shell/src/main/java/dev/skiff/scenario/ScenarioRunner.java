package dev.skiff.scenario;

import dev.skiff.chaos.ChaosLease;
import dev.skiff.chaos.ChaosPhase;
import dev.skiff.chaos.ChaosStatus;
import dev.skiff.chaos.ChaosTarget;
import dev.skiff.chaos.Fault;
import dev.skiff.chaos.FaultLifetime;
import dev.skiff.client.ApiException;
import dev.skiff.client.Client;
import dev.skiff.store.Store;
import dev.skiff.store.Watch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a {@link Scenario}: hypothesis before → method (continuous probes sampling alongside) →
 * hypothesis after → rollbacks, which run always (also after an abort, a halt or Ctrl-C). Every
 * fault it creates hangs on one lease of the run, so a runner that dies leaves nothing behind
 * after the lease TTL; on a normal end it halts its faults itself.
 */
public final class ScenarioRunner {

    public static final String RUN_LABEL = "chaos.skiff.dev/run";
    /** How long a fault step waits for an executor to take its fault. */
    static final Duration PICKUP_WAIT = Duration.ofSeconds(30);

    private final Client client;
    private final Store store;
    private final Clock clock;
    private final Consumer<String> progress;
    private final ProbeRunner probes;
    private final Duration leaseTtl;

    public ScenarioRunner(Client client, Clock clock, Consumer<String> progress, Duration leaseTtl) {
        this.client = client;
        this.store = client.store();
        this.clock = clock;
        this.progress = progress;
        this.probes = new ProbeRunner(client, clock);
        this.leaseTtl = leaseTtl;
    }

    /** One run's state: what it created and saw. */
    private final class Run {
        final Scenario scenario;
        final RunControl control;
        final ChaosLease.Hold hold;
        final List<Created> faults = new ArrayList<>();
        final List<Sampler> samplers = new ArrayList<>();
        final Map<String, int[]> tally = new HashMap<>(); // probe -> {passed, total}
        String failure;

        Run(Scenario scenario, RunControl control, ChaosLease.Hold hold) {
            this.scenario = scenario;
            this.control = control;
            this.hold = hold;
        }
    }

    private record Created(String step, Fault fault) {
    }

    public Journal run(Scenario s, RunControl control) {
        Instant start = clock.instant();
        progress.accept("scenario: " + s.title());
        try (ChaosLease.Hold hold = ChaosLease.hold(store, leaseTtl, "scenario " + s.title());
             Watch halt = ScenarioRuns.onHalt(store, () -> control.stop(Journal.INTERRUPTED, "chaos halt"))) {
            ScenarioRuns.register(store, hold, s.title());
            Run run = new Run(s, control, hold);
            Journal.SteadyState before = steadyState(run, "before");
            Journal.SteadyState after = null;
            List<Journal.StepRun> method = new ArrayList<>();
            if (before.met()) {
                run.samplers.addAll(startSamplers(run));
                for (Step step : s.method()) {
                    if (control.stopped().isPresent() || run.failure != null) break;
                    method.add(step(run, step));
                }
                run.samplers.forEach(Sampler::finish);
                if (control.stopped().isEmpty() && run.failure == null) after = steadyState(run, "after");
            }
            List<Journal.StepRun> rollbacks = rollbacks(run);
            List<Journal.FaultRecord> faults = endFaults(run);
            return journal(run, start, before, after, method, rollbacks, faults);
        }
    }

    private Journal journal(Run run, Instant start, Journal.SteadyState before, Journal.SteadyState after,
                            List<Journal.StepRun> method, List<Journal.StepRun> rollbacks, List<Journal.FaultRecord> faults) {
        String status;
        boolean deviated = false;
        String reason = null;
        var stop = run.control.stopped();
        if (!before.met()) {
            status = Journal.FAILED;
            reason = "the steady state was not met before the method: nothing was injected";
        } else if (stop.isPresent()) {
            status = stop.get().status();
            deviated = Journal.ABORTED.equals(status);
            reason = stop.get().reason();
        } else if (run.failure != null) {
            status = Journal.FAILED;
            reason = run.failure;
        } else if (after != null && !after.met()) {
            status = Journal.FAILED;
            deviated = true;
            reason = "the steady state was not met after the method";
        } else {
            status = Journal.COMPLETED;
        }
        List<Journal.Sample> timeline = new ArrayList<>();
        run.samplers.forEach(sm -> timeline.addAll(sm.samples()));
        timeline.sort(java.util.Comparator.comparing(Journal.Sample::time));
        List<ResilienceScore.Item> items = run.scenario.hypothesis().stream().map(p -> {
            int[] t = run.tally.getOrDefault(p.name(), new int[2]);
            return new ResilienceScore.Item(p.name(), p.weight(), t[0], t[1]);
        }).toList();
        ResilienceScore score = ResilienceScore.of(items);
        Instant end = clock.instant();
        progress.accept("status: " + status + (deviated ? " (deviated)" : "") + (reason == null ? "" : ": " + reason)
                + "; resilience score " + score.value() + "%");
        return new Journal(run.scenario.title(), run.scenario.description(), status, deviated, reason, start, end,
                Duration.between(start, end).toMillis() / 1000.0, before, after, method, rollbacks, timeline, faults, score);
    }

    private Journal.SteadyState steadyState(Run run, String when) {
        List<Journal.ProbeOutcome> out = new ArrayList<>();
        boolean met = true;
        for (Probe p : run.scenario.hypothesis()) {
            Journal.ProbeOutcome o = probes.evaluate(p.name(), p.provider(), p.tolerance(), p.within(), run.control);
            count(run, p.name(), o.ok());
            progress.accept("  steady state " + when + ": " + p.name() + " = " + show(o.value()) + " "
                    + (o.ok() ? "ok" : "NOT within " + o.tolerance()) + (o.error() == null ? "" : " (" + o.error() + ")")
                    + errors(o.details()));
            out.add(o);
            met &= o.ok();
            if (!o.ok()) break; // as Chaos Toolkit: the first failed probe decides
        }
        return new Journal.SteadyState(met, out);
    }

    synchronized void count(Run run, String probe, boolean ok) {
        int[] t = run.tally.computeIfAbsent(probe, k -> new int[2]);
        if (ok) t[0]++;
        t[1]++;
    }

    private List<Sampler> startSamplers(Run run) {
        List<Sampler> out = new ArrayList<>();
        for (Probe p : run.scenario.hypothesis()) {
            if (p.continuous() == null) continue;
            out.add(Sampler.start(p, probes, clock, run.control, ok -> count(run, p.name(), ok), progress));
        }
        return out;
    }

    private List<Journal.StepRun> rollbacks(Run run) {
        List<Journal.StepRun> out = new ArrayList<>();
        if (run.scenario.rollbacks().isEmpty()) return out;
        progress.accept("rollbacks:");
        RunControl own = new RunControl(); // rollbacks run to the end, whatever stopped the method
        for (Step step : run.scenario.rollbacks()) out.add(step(new Run(run.scenario, own, run.hold), step, run));
        return out;
    }

    private Journal.StepRun step(Run run, Step step) {
        return step(run, step, run);
    }

    /** Runs one step; faults it creates are recorded on {@code owner} (the run, also for rollbacks). */
    private Journal.StepRun step(Run run, Step step, Run owner) {
        Instant start = clock.instant();
        long rev0 = store.currentRevision();
        if (run.control.sleep(step.pauses().before())) return skipped(step, start, rev0);
        String status = "succeeded";
        String fault = null;
        String error = null;
        Journal.ProbeOutcome output = null;
        switch (step) {
            case Step.Wait w -> {
                progress.accept("  wait " + dev.skiff.chaos.GoDuration.format(w.duration()));
                run.control.sleep(w.duration());
            }
            case Step.Activity a -> {
                output = probes.evaluate(a.name(), a.provider(), a.tolerance(), null, run.control);
                if (!output.ok()) status = "failed";
                error = output.error();
                progress.accept("  " + (a.probe() ? "probe " : "action ") + a.name() + ": " + show(output.value())
                        + (output.ok() ? "" : " — " + (error != null ? error : "NOT within " + output.tolerance())));
            }
            case Step.FaultAction f -> {
                try {
                    Fault created = inject(run, f, owner);
                    fault = created.kind() + "/" + created.namespace() + "/" + created.name();
                } catch (RuntimeException e) {
                    status = "failed";
                    error = e.getMessage();
                    owner.failure = "step \"" + f.name() + "\" failed: " + error;
                    progress.accept("  action " + f.name() + " FAILED: " + error);
                }
            }
        }
        run.control.sleep(step.pauses().after());
        return new Journal.StepRun(step.name(), type(step), status, start, clock.instant(), rev0, store.currentRevision(),
                fault, output, error);
    }

    private Journal.StepRun skipped(Step step, Instant start, long rev) {
        return new Journal.StepRun(step.name(), type(step), "skipped", start, clock.instant(), rev, rev, null, null, null);
    }

    private static String type(Step s) {
        return switch (s) {
            case Step.Wait w -> "wait";
            case Step.Activity a -> a.probe() ? "probe" : "action";
            case Step.FaultAction f -> "action";
        };
    }

    /** Creates the fault on the run's lease and waits until an executor took it (or refused it). */
    private Fault inject(Run run, Step.FaultAction f, Run owner) {
        Fault fault = run.hold.stamp(f.fault());
        Map<String, String> labels = new HashMap<>(fault.metadata().labelsOrEmpty());
        labels.put(RUN_LABEL, Long.toString(run.hold.id()));
        Fault created = client.create(fault.withMetadata(fault.metadata().withLabels(labels)));
        synchronized (owner.faults) {
            owner.faults.add(new Created(f.name(), created));
        }
        Instant deadline = clock.instant().plus(PICKUP_WAIT);
        while (true) {
            Fault now = client.get(created.getClass(), created.namespace(), created.name()).orElseThrow(
                    () -> new IllegalStateException(created.kind() + " " + created.name() + " vanished"));
            ChaosStatus st = now.statusOrNew();
            if (st.phase() == ChaosPhase.FAILED || st.phase() == ChaosPhase.WAITING) {
                throw new IllegalStateException(st.conditions().isEmpty() ? "the fault " + st.phase()
                        : st.conditions().getFirst().message());
            }
            if (st.phase() != null) {
                progress.accept("  action " + f.name() + ": " + now.spec().actionName() + " → "
                        + String.join(", ", st.targets().stream().map(ChaosTarget::ref).toList()));
                return now;
            }
            if (clock.instant().isAfter(deadline)) {
                throw new IllegalStateException("no executor took the fault within " + PICKUP_WAIT.toSeconds()
                        + "s: is the cluster's engine running?");
            }
            if (run.control.sleep(Duration.ofMillis(50))) return now;
        }
    }

    /** Halts what is still on, then reads every fault back for the journal. */
    private List<Journal.FaultRecord> endFaults(Run run) {
        List<Created> created;
        synchronized (run.faults) {
            created = List.copyOf(run.faults);
        }
        for (Created c : created) halt(c.fault());
        Instant deadline = clock.instant().plus(Duration.ofSeconds(5));
        List<Journal.FaultRecord> out = new ArrayList<>();
        for (Created c : created) {
            Fault f = c.fault();
            Fault now = f;
            while (true) {
                var read = client.get(f.getClass(), f.namespace(), f.name());
                if (read.isEmpty()) break;
                now = read.get();
                if (now.statusOrNew().ended() || now.statusOrNew().phase() == null || clock.instant().isAfter(deadline)) break;
                sleep(50);
            }
            ChaosStatus st = now.statusOrNew();
            out.add(new Journal.FaultRecord(c.step(), now.kind(), now.namespace(), now.name(), now.spec().actionName(),
                    st.phase() == null ? "Pending" : st.phase().wire(), st.startTime(), st.endTime(), st.endReason(),
                    st.targets()));
        }
        if (!out.isEmpty()) {
            progress.accept("faults: " + out.stream().map(r -> r.name() + " " + r.phase()
                    + (r.endReason() == null ? "" : " (" + r.endReason() + ")")).toList());
        }
        return out;
    }

    private <F extends Fault> void halt(F f) {
        @SuppressWarnings("unchecked")
        Class<F> type = (Class<F>) f.getClass();
        try {
            client.modify(type, f.namespace(), f.name(), x -> {
                if (x.statusOrNew().ended()) return x;
                Map<String, String> ann = new HashMap<>(x.metadata().annotationsOrEmpty());
                ann.put(FaultLifetime.HALT_ANNOTATION, "true");
                return type.cast(x.withMetadata(x.metadata().withAnnotations(ann)));
            });
        } catch (ApiException.NotFound gone) {
            // deleted meanwhile: nothing left to stop
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An http probe's failures by cause, for a progress line. */
    static String errors(Map<String, Object> details) {
        return details == null || details.get("errors") == null ? "" : " " + details.get("errors");
    }

    static String show(Object v) {
        if (v instanceof Double d) return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue())
                : String.format(java.util.Locale.ROOT, "%.4f", d).replaceAll("0+$", "");
        if (v instanceof Map<?, ?> m) return m.containsKey("status") ? "exit " + m.get("status") : m.toString();
        return String.valueOf(v);
    }
}
