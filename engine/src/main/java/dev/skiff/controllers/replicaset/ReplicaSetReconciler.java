package dev.skiff.controllers.replicaset;

import dev.skiff.api.Condition;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.OwnerReference;
import dev.skiff.api.Pod;
import dev.skiff.api.PodTemplateSpec;
import dev.skiff.api.ReplicaSet;
import dev.skiff.api.ReplicaSetStatus;
import dev.skiff.client.ApiException;
import dev.skiff.client.Client;
import dev.skiff.client.Informer;
import dev.skiff.controller.Reconciler;
import dev.skiff.controller.Request;
import dev.skiff.controller.Result;
import dev.skiff.engine.EngineContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a ReplicaSet's pod count at {@code spec.replicas}: adopts matching orphans, releases pods
 * whose labels no longer match, creates or deletes the difference (guarded by {@link Expectations}
 * so a reconcile never acts twice on one diff) and reports counts in the status.
 */
final class ReplicaSetReconciler implements Reconciler {

    private static final Logger log = LoggerFactory.getLogger(ReplicaSetReconciler.class);
    static final int IN_FLIGHT = 16;

    private final EngineContext context;
    private final Informer<ReplicaSet> replicaSets;
    private final Informer<Pod> pods;
    private final Expectations expectations;

    ReplicaSetReconciler(EngineContext context, Expectations expectations) {
        this.context = context;
        this.replicaSets = context.informers().of(ReplicaSet.class);
        this.pods = context.informers().of(Pod.class);
        this.expectations = expectations;
    }

    @Override
    public Result reconcile(Request request) {
        String key = request.toString();
        Optional<ReplicaSet> found = replicaSets.get(request.namespace(), request.name());
        if (found.isEmpty()) {
            expectations.forget(key);
            return Result.done();
        }
        ReplicaSet rs = found.get();
        boolean satisfied = expectations.satisfied(key);
        Client client = context.client();
        ReplicaSetPlan.Claim claim = ReplicaSetPlan.claim(rs, pods.list(rs.namespace()));
        List<Pod> owned = new ArrayList<>(claim.owned());
        for (Pod orphan : claim.adopt()) adopt(client, rs, orphan).ifPresent(owned::add);
        for (Pod stray : claim.release()) release(client, rs, stray);
        List<Pod> active = owned.stream().filter(Pods::active).toList();

        Condition failure = null;
        RuntimeException error = null;
        if (satisfied && rs.metadata().deletionTimestamp() == null) {
            try {
                manage(client, key, rs, active);
            } catch (RuntimeException e) {
                error = e;
                failure = failureCondition(rs, e, context.clock().instant());
            }
        }
        Instant now = context.clock().instant();
        writeStatus(client, rs, ReplicaSetPlan.status(rs, active, now, failure));
        if (error != null) throw error;
        return requeueForAvailability(rs, active, now);
    }

    // ---- ownership

    private Optional<Pod> adopt(Client client, ReplicaSet rs, Pod orphan) {
        try {
            return Optional.of(client.modify(Pod.class, orphan.namespace(), orphan.name(), p -> {
                if (Pods.controllerOf(p).isPresent() || p.metadata().deletionTimestamp() != null
                        || !rs.spec().selector().matches(p.metadata().labelsOrEmpty())) {
                    return p;
                }
                List<OwnerReference> refs = new ArrayList<>(refsOf(p));
                refs.add(OwnerReference.controllerOf(rs));
                return p.withMetadata(p.metadata().withOwnerReferences(refs));
            })).filter(p -> Pods.controlledBy(p, rs.metadata().uid()));
        } catch (ApiException.NotFound gone) {
            return Optional.empty();
        }
    }

    private void release(Client client, ReplicaSet rs, Pod stray) {
        try {
            client.modify(Pod.class, stray.namespace(), stray.name(), p -> {
                List<OwnerReference> refs = refsOf(p).stream()
                        .filter(r -> !rs.metadata().uid().equals(r.uid())).toList();
                return p.withMetadata(p.metadata().withOwnerReferences(refs.isEmpty() ? null : refs));
            });
        } catch (ApiException.NotFound gone) {
            // nothing to let go of
        }
    }

    private static List<OwnerReference> refsOf(Pod p) {
        return p.metadata().ownerReferences() == null ? List.of() : p.metadata().ownerReferences();
    }

    // ---- replica count

    private void manage(Client client, String key, ReplicaSet rs, List<Pod> active) {
        int replicas = rs.spec().replicas() == null ? 1 : rs.spec().replicas();
        ReplicaSetPlan.Change change = ReplicaSetPlan.change(replicas, active);
        if (change.create() > 0) createPods(client, key, rs, change.create());
        if (!change.delete().isEmpty()) deletePods(client, key, rs, change.delete());
    }

    private void createPods(Client client, String key, ReplicaSet rs, int count) {
        expectations.expectCreations(key, count);
        Pod pod = newPod(rs);
        int created = 0;
        RuntimeException firstError = null;
        for (int batch : ReplicaSetPlan.slowStartBatches(count)) {
            List<RuntimeException> errors = createInTransactions(client, pod, batch);
            created += batch;
            if (!errors.isEmpty()) {
                expectations.creationsAbandoned(key, errors.size());
                firstError = errors.getFirst();
                break;
            }
        }
        expectations.creationsAbandoned(key, count - created);
        if (firstError != null) {
            context.events().warning(rs, "FailedCreate", "Error creating: " + firstError.getMessage());
            throw firstError;
        }
        context.events().normal(rs, "SuccessfulCreate", "Created " + count + " pod" + (count == 1 ? "" : "s"));
    }

    /**
     * {@code count} copies of {@code pod}, {@link Client#MAX_CREATES_PER_TXN} per transaction and
     * those transactions in parallel: replacing a lost node's 500 pods is a dozen store round
     * trips, not 500. Returns each create's error.
     */
    private static List<RuntimeException> createInTransactions(Client client, Pod pod, int count) {
        List<RuntimeException> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Runnable> tasks = new ArrayList<>();
        for (int left = count; left > 0; left -= Client.MAX_CREATES_PER_TXN) {
            List<Pod> chunk = java.util.Collections.nCopies(Math.min(left, Client.MAX_CREATES_PER_TXN), pod);
            tasks.add(() -> client.createAllOrEach(chunk).stream()
                    .filter(w -> w.error() != null).forEach(w -> errors.add(w.error())));
        }
        errors.addAll(inParallel(tasks));
        return List.copyOf(errors);
    }

    private void deletePods(Client client, String key, ReplicaSet rs, List<Pod> victims) {
        expectations.expectDeletions(key, victims.stream().map(Pod::name).toList());
        List<Runnable> deletes = new ArrayList<>();
        List<RuntimeException> errors = new ArrayList<>();
        for (Pod victim : victims) {
            deletes.add(() -> {
                try {
                    client.delete(Pod.class, victim.namespace(), victim.name());
                } catch (ApiException.NotFound gone) {
                    expectations.deletionObserved(key, victim.name());
                } catch (RuntimeException e) {
                    expectations.deletionObserved(key, victim.name()); // it will not be seen deleted
                    throw e;
                }
            });
        }
        errors.addAll(inParallel(deletes));
        if (!errors.isEmpty()) {
            context.events().warning(rs, "FailedDelete", "Error deleting: " + errors.getFirst().getMessage());
            throw errors.getFirst();
        }
        context.events().normal(rs, "SuccessfulDelete", "Deleted " + victims.size() + " pod"
                + (victims.size() == 1 ? "" : "s"));
    }

    /** The pod the template describes, owned by {@code rs}, named {@code <rs>-<5 chars>}. */
    static Pod newPod(ReplicaSet rs) {
        PodTemplateSpec t = rs.spec().template();
        ObjectMeta tm = t.metadata() == null ? ObjectMeta.EMPTY : t.metadata();
        Map<String, String> labels = tm.labels() == null ? null : new LinkedHashMap<>(tm.labels());
        Map<String, String> annotations = tm.annotations() == null ? null : new LinkedHashMap<>(tm.annotations());
        ObjectMeta meta = new ObjectMeta(null, rs.name() + "-", rs.namespace(), null, labels, annotations,
                null, null, null, null, null, null, List.of(OwnerReference.controllerOf(rs)));
        return Pod.of(meta, t.spec());
    }

    // ---- status

    private void writeStatus(Client client, ReplicaSet rs, ReplicaSetStatus status) {
        if (status.equals(rs.status())) return;
        try {
            client.modifyStatus(ReplicaSet.class, rs.namespace(), rs.name(), current -> current.withStatus(status));
        } catch (ApiException.NotFound gone) {
            // deleted meanwhile
        }
    }

    private static Condition failureCondition(ReplicaSet rs, RuntimeException e, Instant at) {
        Instant now = at.truncatedTo(ChronoUnit.SECONDS);
        Condition previous = rs.status() == null || rs.status().conditions() == null ? null
                : rs.status().conditions().stream().filter(c -> "ReplicaFailure".equals(c.type())).findFirst()
                        .orElse(null);
        String reason = e instanceof ApiException.Forbidden ? "FailedCreate" : "ReconcileError";
        Instant since = previous != null && previous.message() != null && previous.message().equals(e.getMessage())
                ? previous.lastTransitionTime() : now;
        return new Condition("ReplicaFailure", "True", reason, e.getMessage(), null, null, null, since);
    }

    /** With minReadySeconds, a ready pod turns available later with no event: look again then. */
    private Result requeueForAvailability(ReplicaSet rs, List<Pod> active, Instant now) {
        int minReady = rs.spec().minReadySeconds() == null ? 0 : rs.spec().minReadySeconds();
        if (minReady <= 0) return Result.done();
        return active.stream()
                .flatMap(p -> Pods.untilAvailable(p, minReady, now).stream())
                .min(Duration::compareTo)
                .<Result>map(d -> Result.requeueAfter(d.plusMillis(50)))
                .orElse(Result.done());
    }

    // ---- parallel writes on virtual threads

    /**
     * Runs the writes on virtual threads, at most {@link #IN_FLIGHT} at a time: an unbounded burst
     * (500 creates) swamps a small store, and then even the leader's lease renewal times out.
     */
    private static List<RuntimeException> inParallel(List<Runnable> tasks) {
        List<RuntimeException> errors = new ArrayList<>();
        Semaphore slots = new Semaphore(IN_FLIGHT);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (Runnable t : tasks) {
                futures.add(pool.submit(() -> {
                    slots.acquireUninterruptibly();
                    try {
                        t.run();
                    } finally {
                        slots.release();
                    }
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    errors.add(e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    errors.add(new IllegalStateException("interrupted while writing pods", e));
                    break;
                }
            }
        }
        if (!errors.isEmpty()) log.debug("{} of {} pod writes failed: {}", errors.size(), tasks.size(),
                errors.getFirst().getMessage());
        return errors;
    }
}
