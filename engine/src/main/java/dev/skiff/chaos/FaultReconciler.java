package dev.skiff.chaos;

import dev.skiff.api.Condition;
import dev.skiff.api.Namespace;
import dev.skiff.api.Node;
import dev.skiff.api.Pod;
import dev.skiff.api.ReplicaSet;
import dev.skiff.client.ApiException;
import dev.skiff.client.Client;
import dev.skiff.client.Informer;
import dev.skiff.controller.Reconciler;
import dev.skiff.controller.Request;
import dev.skiff.controller.Result;
import dev.skiff.engine.EngineContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Drives one fault kind through its life: select targets once (recorded in status before any
 * action, so a repeated reconcile never picks again), inject target by target, and revert when
 * {@link FaultLifetime} says it ended. Every status write is a compare-and-swap on the version
 * the decision was made from.
 */
final class FaultReconciler<F extends Fault> implements Reconciler {

    static final String FINALIZER = "chaos.skiff.dev/revert";
    /** How often an active fault with a lease re-checks it, in case a lease-key watch event was missed. */
    static final Duration LEASE_RECHECK = Duration.ofSeconds(5);

    private final EngineContext context;
    private final Class<F> type;
    private final Informer<F> faults;
    private final RandomGenerator random = new SplittableRandom();

    FaultReconciler(EngineContext context, Class<F> type) {
        this.context = context;
        this.type = type;
        this.faults = context.informers().of(type);
    }

    Informer<F> informer() {
        return faults;
    }

    @Override
    public Result reconcile(Request request) {
        Optional<F> cached = faults.get(request.namespace(), request.name());
        if (cached.isEmpty()) return Result.done();
        F fault = cached.get();
        Client client = context.client();
        ChaosStatus status = fault.statusOrNew();
        if (status.ended()) {
            releaseFinalizer(client, fault);
            return Result.done();
        }
        Instant now = context.clock().instant();
        FaultLifetime.Verdict verdict = FaultLifetime.verdict(fault, now, id -> ChaosLease.alive(client.store(), id));
        Execution execution = Execution.of(fault, actions(client));
        if (!status.selected()) return select(client, fault, verdict, execution, now);
        if (verdict instanceof FaultLifetime.End end) return end(client, fault, execution, end.reason(), now);
        if (execution instanceof Execution.Engine engine) return inject(client, fault, engine, now);
        if (execution instanceof Execution.Agent agent && agent.oneShot() && FaultLifetime.until(fault).isEmpty()
                && status.targets().stream().allMatch(t -> t.injectedAt() != null)) {
            return end(client, fault, execution, FaultLifetime.EndReason.COMPLETED, now);
        }
        return recheck(fault, (FaultLifetime.Active) verdict, now);
    }

    private Result select(Client client, F fault, FaultLifetime.Verdict verdict, Execution execution, Instant now) {
        if (verdict instanceof FaultLifetime.End end) {
            ChaosStatus s = ChaosStatus.NEW.withPhase(ChaosPhase.FINISHED).withEnd(now, end.reason().wire)
                    .record(now, "Ended", null, "ended before it started: " + end.reason().wire);
            client.updateStatus(with(fault, s));
            return Result.done();
        }
        ChaosPlanner.Plan plan = ChaosPlanner.plan(fault, world(), random);
        if (plan.refused()) {
            ChaosStatus s = ChaosStatus.NEW.withPhase(ChaosPhase.FAILED).withEnd(now, "Refused")
                    .withCondition(Condition.of("Refused", true, "Refused", plan.refusal().get(), now))
                    .record(now, "Failed", null, plan.refusal().get());
            client.updateStatus(with(fault, s));
            context.events().warning(fault, "Refused", plan.refusal().get());
            return Result.done();
        }
        ChaosStatus s = ChaosStatus.NEW.withTargets(plan.targets()).withSources(plan.sources());
        for (ChaosTarget t : plan.targets()) s = s.record(now, "Selected", t.ref(), null);
        for (ChaosSource src : plan.sources()) s = s.record(now, "Selected", src.ref(), "source");
        F base = fault;
        boolean reverts = execution instanceof Execution.Agent || (execution instanceof Execution.Engine e && !e.oneShot());
        if (reverts) base = withFinalizer(client, fault);
        s = s.withPhase(ChaosPhase.RUNNING).withStart(now);
        client.updateStatus(with(base, s));
        return Result.done(); // the status update comes back through the informer and continues
    }

    private Result inject(Client client, F fault, Execution.Engine engine, Instant now) {
        ChaosStatus s = fault.statusOrNew();
        List<ChaosTarget> next = new ArrayList<>();
        for (ChaosTarget t : s.targets()) {
            if (t.injectedAt() != null) {
                next.add(t);
                continue;
            }
            String message = engine.action().inject(t);
            next.add(t.injected(now, message));
            s = s.record(now, "Injected", t.ref(), message);
            context.events().normal(fault, "Injected", fault.spec().actionName() + " " + t.ref() + ": " + message);
        }
        s = s.withTargets(next);
        Optional<Instant> until = FaultLifetime.until(fault);
        if (engine.oneShot() && until.isEmpty()) {
            s = finished(s, FaultLifetime.EndReason.COMPLETED, now);
            client.updateStatus(with(fault, s));
            return Result.done();
        }
        if (!s.equals(fault.statusOrNew())) client.updateStatus(with(fault, s));
        return recheck(fault, new FaultLifetime.Active(until), now);
    }

    private Result end(Client client, F fault, Execution execution, FaultLifetime.EndReason reason, Instant now) {
        if (execution instanceof Execution.Agent agent) return AgentEnd.settle(this, client, fault, agent, reason, now);
        ChaosStatus s = fault.statusOrNew();
        List<ChaosTarget> next = new ArrayList<>();
        for (ChaosTarget t : s.targets()) {
            if (t.recoveredAt() != null) {
                next.add(t);
                continue;
            }
            String message = execution instanceof Execution.Engine engine && t.injectedAt() != null
                    ? engine.action().revert(t) : "never injected";
            next.add(t.recovered(now, message));
            s = s.record(now, "Recovered", t.ref(), message);
        }
        s = finished(s.withTargets(next), reason, now);
        F written = client.updateStatus(with(fault, s));
        context.events().normal(fault, "Ended", "fault ended: " + reason.wire);
        releaseFinalizer(client, written);
        return Result.done();
    }

    /** Writes a status the agents' side of the end produced; finishes the fault when {@code done}. */
    Result writeEnd(Client client, F fault, ChaosStatus s, FaultLifetime.EndReason reason, Instant now,
                    Optional<Duration> recheckIn) {
        if (recheckIn.isEmpty()) {
            F written = client.updateStatus(with(fault, finished(s, reason, now)));
            context.events().normal(fault, "Ended", "fault ended: " + reason.wire);
            releaseFinalizer(client, written);
            return Result.done();
        }
        if (!s.equals(fault.statusOrNew())) client.updateStatus(with(fault, s));
        return Result.requeueAfter(recheckIn.get());
    }

    EngineContext context() {
        return context;
    }

    @SuppressWarnings("unchecked")
    private F with(F fault, ChaosStatus s) {
        return (F) fault.withStatus(s);
    }

    private static ChaosStatus finished(ChaosStatus s, FaultLifetime.EndReason reason, Instant now) {
        Instant at = s.endTime() != null ? s.endTime() : now;
        return s.withPhase(ChaosPhase.FINISHED).withEnd(at, reason.wire).record(now, "Ended", null, reason.wire);
    }

    /** Comes back when the duration ends, and every few seconds to re-check a lease. */
    private Result recheck(F fault, FaultLifetime.Active active, Instant now) {
        Optional<Duration> left = active.left(now);
        Duration wait = left.orElse(null);
        if (ChaosLease.of(fault).isPresent()) {
            wait = wait == null || wait.compareTo(LEASE_RECHECK) > 0 ? LEASE_RECHECK : wait;
        }
        if (wait == null) return Result.done();
        return Result.requeueAfter(wait.isZero() ? Duration.ofMillis(1) : wait);
    }

    private F withFinalizer(Client client, F fault) {
        List<String> fin = fault.metadata().finalizers() == null ? List.of() : fault.metadata().finalizers();
        if (fin.contains(FINALIZER)) return fault;
        List<String> next = new ArrayList<>(fin);
        next.add(FINALIZER);
        @SuppressWarnings("unchecked")
        F updated = (F) fault.withMetadata(fault.metadata().withFinalizers(next));
        return client.update(updated);
    }

    private void releaseFinalizer(Client client, F fault) {
        List<String> fin = fault.metadata().finalizers();
        if (fin == null || !fin.contains(FINALIZER)) return;
        try {
            client.modify(type, fault.namespace(), fault.name(), f -> {
                List<String> next = new ArrayList<>(f.metadata().finalizers() == null ? List.of() : f.metadata().finalizers());
                next.remove(FINALIZER);
                @SuppressWarnings("unchecked")
                F out = (F) f.withMetadata(f.metadata().withFinalizers(next.isEmpty() ? null : next));
                return out;
            });
        } catch (ApiException.NotFound gone) {
            // deleted meanwhile
        }
    }

    private ChaosPlanner.World world() {
        return new ChaosPlanner.World(context.informers().of(Pod.class).list(),
                context.informers().of(Namespace.class).list(), context.informers().of(Node.class).list(),
                context.informers().of(ReplicaSet.class).list());
    }

    private FaultAction.Factory actions(Client client) {
        return new FaultAction.Factory() {
            @Override
            public FaultAction podKill(PodChaos fault) {
                return new PodKill(client, fault.spec().gracePeriod());
            }

            @Override
            public FaultAction nodeDrain(NodeChaos fault) {
                return new NodeDrain(client, fault.namespace() + "/" + fault.name(),
                        Targets.protectedNamespaces(context.informers().of(Namespace.class).list()));
            }
        };
    }
}
