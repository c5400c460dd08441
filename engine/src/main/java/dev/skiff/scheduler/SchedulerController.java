package dev.skiff.scheduler;

import dev.skiff.api.Condition;
import dev.skiff.api.Defaults;
import dev.skiff.api.Node;
import dev.skiff.api.Pod;
import dev.skiff.api.PodStatus;
import dev.skiff.client.ApiException;
import dev.skiff.client.Informer;
import dev.skiff.controller.Controller;
import dev.skiff.controller.ControllerManager;
import dev.skiff.controller.Reconciler;
import dev.skiff.controller.Request;
import dev.skiff.controller.Result;
import dev.skiff.controller.Startable;
import dev.skiff.engine.EngineContext;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduling loop: pods without a node (for {@code default-scheduler}, not being deleted) are
 * queued; each is placed by the pure {@link Scheduler} on a snapshot of {@link SchedulerCache},
 * assumed at once, and bound by a compare-and-swap on the pod. Decisions are serial, taken by a few
 * workers; as in kube-scheduler, each bind then runs on its own (virtual) thread, many at once,
 * travelling together, many per transaction ({@link BindBatcher}). A pod no
 * node can take gets {@code PodScheduled=False} with the reasons and waits, parked, until a node
 * or a placed pod changes — retries are driven by events, not a timer.
 */
public final class SchedulerController implements Reconciler {

    public static final String NAME = "scheduler";
    /**
     * Decisions take the cache's lock one at a time, so more deciders only queue up on it: 64
     * workers (when each also waited for its bind) spent more CPU spinning on that lock than
     * binding. A few keep the lock busy while one of them reads a pod or writes a status.
     */
    static final int DECIDERS = 4;
    /** Binds wait on the store, not the CPU: many in flight, bounded so decisions cannot run far ahead. */
    static final int MAX_BINDS_IN_FLIGHT = 128;
    private static final int BIND_ATTEMPTS = 5;
    /** A bind that failed for want of the store (or of leadership) is tried again after this. */
    private static final Duration BIND_RETRY = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(SchedulerController.class);

    private final EngineContext context;
    private final Informer<Pod> pods;
    private final Scheduler scheduler;
    private final SchedulerCache cache = new SchedulerCache();
    private final Controller controller;
    private final BindBatcher binds;
    private final Semaphore bindSlots = new Semaphore(MAX_BINDS_IN_FLIGHT);

    SchedulerController(EngineContext context, Scheduler scheduler) {
        this.context = context;
        this.binds = new BindBatcher(context::client);
        this.scheduler = scheduler;
        this.pods = context.informers().of(Pod.class);
        this.controller = new Controller(NAME, this, DECIDERS, context.scheduler());
        new SchedulerFeed(cache, controller, this::needsScheduling).attach(pods, context.informers().of(Node.class));
    }

    /** The {@code ControllerSetup} for {@code Engine.builtIn()}: plugins from the class path, policy from the config. */
    public static void setup(EngineContext context, ControllerManager manager) {
        SchedulerController sc = new SchedulerController(context,
                Scheduler.withPlugins(Policy.from(context.config())));
        manager.add(sc.controller);
        manager.add(sc.replayOnNewTerm());
    }

    /** Ours, unbound and alive. */
    boolean needsScheduling(Pod pod) {
        if (pod.spec() == null || pod.metadata().deletionTimestamp() != null) return false;
        String node = pod.spec().nodeName();
        if (node != null && !node.isEmpty()) return false;
        String name = pod.spec().schedulerName();
        return name == null || name.isEmpty() || name.equals(Defaults.DEFAULT_SCHEDULER);
    }

    @Override
    public Result reconcile(Request request) {
        String key = request.namespace() + "/" + request.name();
        Optional<Pod> cached = pods.get(request.namespace(), request.name());
        if (cached.isEmpty() || !needsScheduling(cached.get())) {
            cache.unpark(key);
            return Result.done();
        }
        // bound a moment ago; the informer has not caught up yet
        if (cache.isAssumed(key)) return Result.done();
        Pod pod = cached.get();
        PodInfo info = PodInfo.of(pod);
        switch (cache.decide(info, scheduler)) {
            case Placement.Placed placed -> bindInBackground(pod, info, placed.node());
            case Placement.Unschedulable u -> reportUnschedulable(pod, u.message());
        }
        return Result.done();
    }

    /**
     * The decider goes on to the next pod while this one's bind travels. A bind that fails for
     * want of the store has already given back its assumption; its pod is queued again, later.
     */
    private void bindInBackground(Pod pod, PodInfo info, String node) {
        try {
            bindSlots.acquire();
        } catch (InterruptedException e) {
            release(info.key()); // stopping: the next term queues the pod again
            Thread.currentThread().interrupt();
            return;
        }
        Thread.ofVirtual().name("bind-" + info.key()).start(() -> {
            try {
                bind(pod, info, node);
            } catch (RuntimeException e) {
                log.debug("bind of {} to {} failed, retrying in {}: {}", info.key(), node, BIND_RETRY, e.toString());
                controller.enqueueAfter(requestOf(pod), BIND_RETRY);
            } finally {
                bindSlots.release();
            }
        });
    }

    private void bind(Pod pod, PodInfo info, String node) {
        String key = info.key();
        try {
            Pod current = pod;
            for (int attempt = 1; ; attempt++) {
                try {
                    // the cached copy saves a read; if it is stale the CAS says so and we re-read
                    binds.bind(current, node);
                    break;
                } catch (ApiException.Conflict e) {
                    // changed under us (a status write, a label): bind the newest version if still ours
                    Optional<Pod> fresh = context.client().get(Pod.class, pod.namespace(), pod.name());
                    if (fresh.isEmpty() || !needsScheduling(fresh.get())
                            || !Objects.equals(fresh.get().spec(), pod.spec()) || attempt >= BIND_ATTEMPTS) {
                        release(key);
                        if (fresh.isPresent() && needsScheduling(fresh.get())) controller.enqueue(requestOf(pod));
                        return;
                    }
                    current = fresh.get();
                }
            }
        } catch (ApiException.NotFound e) {
            release(key);
            return;
        } catch (RuntimeException e) {
            release(key); // not leading, or the store is away: bindInBackground queues it again
            throw e;
        }
        context.events().normal(pod, "Scheduled",
                "Successfully assigned " + pod.namespace() + "/" + pod.name() + " to " + node);
    }

    /** A failed bind frees what it had taken, which may be just what a parked pod needs. */
    private void release(String key) {
        cache.forget(key);
        cache.drainParked().forEach(k -> controller.enqueue(SchedulerFeed.request(k)));
    }

    private void reportUnschedulable(Pod pod, String message) {
        Condition wanted = Condition.of("PodScheduled", false, "Unschedulable", message,
                context.clock().instant().truncatedTo(ChronoUnit.SECONDS));
        if (!sameCondition(pod.status(), wanted)) {
            try {
                context.client().modifyStatus(Pod.class, pod.namespace(), pod.name(),
                        p -> needsScheduling(p) ? p.withStatus(withCondition(p.status(), wanted)) : p);
            } catch (ApiException.NotFound e) {
                return;
            }
        }
        context.events().warning(pod, "FailedScheduling", message);
    }

    private static boolean sameCondition(PodStatus status, Condition wanted) {
        if (status == null) return false;
        return status.conditionsOrEmpty().stream().anyMatch(c -> c.type().equals(wanted.type())
                && Objects.equals(c.status(), wanted.status()) && Objects.equals(c.reason(), wanted.reason())
                && Objects.equals(c.message(), wanted.message()));
    }

    private static PodStatus withCondition(PodStatus status, Condition c) {
        PodStatus s = status == null ? PodStatus.pending() : status;
        List<Condition> conditions = new ArrayList<>();
        for (Condition old : s.conditionsOrEmpty()) if (!old.type().equals(c.type())) conditions.add(old);
        conditions.add(c);
        return s.withConditions(conditions);
    }

    private static Request requestOf(Pod pod) {
        return Request.of(pod.namespace(), pod.name());
    }

    /** A new term starts with an empty queue: queue every pod that still waits for a node. */
    private Startable replayOnNewTerm() {
        return new Startable() {
            @Override
            public void start() {
                for (Pod p : pods.list()) if (needsScheduling(p)) controller.enqueue(requestOf(p));
            }

            @Override
            public boolean hasSynced() {
                return true;
            }

            @Override
            public void stop() {
            }
        };
    }

    /** For tests: the cache's current view. */
    ClusterSnapshot snapshot() {
        return cache.snapshot();
    }
}
