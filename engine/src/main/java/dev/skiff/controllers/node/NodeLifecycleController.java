package dev.skiff.controllers.node;

import dev.skiff.api.Node;
import dev.skiff.api.Pod;
import dev.skiff.api.Taint;
import dev.skiff.client.ApiException;
import dev.skiff.client.Client;
import dev.skiff.client.DeleteOptions;
import dev.skiff.client.Informer;
import dev.skiff.client.NodeHeartbeat;
import dev.skiff.client.ResourceHandler;
import dev.skiff.controller.Controller;
import dev.skiff.controller.ControllerManager;
import dev.skiff.controller.Reconciler;
import dev.skiff.controller.Request;
import dev.skiff.controller.Result;
import dev.skiff.controllers.CacheReplay;
import dev.skiff.engine.ControllerSetup;
import dev.skiff.engine.EngineContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node lifecycle: a node is Ready while its heartbeat key lives and its lease is renewed. When
 * the lease goes unrenewed for the node monitor grace period, or the key goes, the node gets
 * Ready=Unknown and the {@code node.kubernetes.io/unreachable:NoExecute} taint; pods that do not
 * tolerate it for longer than {@code podEvictionTimeout} (or their own tolerationSeconds) are
 * deleted at once (an Evicted event says NodeLost), so their controllers replace them elsewhere. When every
 * node is down at once, nothing is evicted: the engine is the likelier one to be cut off.
 */
public final class NodeLifecycleController implements Reconciler {

    private static final Logger log = LoggerFactory.getLogger(NodeLifecycleController.class);
    static final String ALL_DOWN_REASON = "AllNodesUnreachable";
    static final String ALL_DOWN_MESSAGE = "all nodes are unreachable: the engine is probably the one cut off; not evicting";

    /** Eviction transactions sent at once: enough to overlap round trips, few enough not to swamp a small store. */
    private static final int BATCHES_IN_FLIGHT = 4;

    private final EngineContext context;
    private final Informer<Node> nodes;
    private final Informer<Pod> pods;
    private final HeartbeatTracker heartbeats;
    private final Duration unseenGrace;
    /** When this engine tainted each node, to the nanosecond: the stored timeAdded keeps whole seconds only. */
    private final Map<String, Instant> taintedAt = new ConcurrentHashMap<>();

    private NodeLifecycleController(EngineContext context, HeartbeatTracker heartbeats, Duration unseenGrace) {
        this.context = context;
        this.nodes = context.informers().of(Node.class);
        this.pods = context.informers().of(Pod.class);
        this.heartbeats = heartbeats;
        this.unseenGrace = unseenGrace;
    }

    /** With the agents' default heartbeat TTL as the grace for nodes that never showed a key. */
    public static ControllerSetup setup() {
        return setup(NodeHeartbeat.DEFAULT_TTL);
    }

    /** {@code unseenGrace}: how long a node Ready without any heartbeat key is trusted. */
    public static ControllerSetup setup(Duration unseenGrace) {
        return (EngineContext context, ControllerManager manager) -> {
            Controller[] self = new Controller[1];
            Informer<Node> nodeInformer = context.informers().of(Node.class);
            Runnable enqueueAll = () -> nodeInformer.list().forEach(n -> self[0].enqueue(Request.clusterScoped(n.name())));
            HeartbeatTracker tracker = new HeartbeatTracker(() -> context.client().store(), context.clock(),
                    context.config().nodeMonitorGracePeriod(), enqueueAll);
            NodeLifecycleController reconciler = new NodeLifecycleController(context, tracker, unseenGrace);
            Controller controller = new Controller("node-lifecycle", reconciler, context.config().workers(),
                    context.scheduler());
            self[0] = controller;
            nodeInformer.addHandler(new ResourceHandler<>() {
                @Override
                public void onAdd(Node node) {
                    controller.enqueue(Request.clusterScoped(node.name()));
                }

                @Override
                public void onUpdate(Node previous, Node node) {
                    controller.enqueue(Request.clusterScoped(node.name()));
                }
            });
            manager.add(controller);
            manager.add(tracker);
            manager.add(CacheReplay.of(controller, () -> nodeInformer.list().stream()
                    .map(n -> Request.clusterScoped(n.name())).toList()));
        };
    }

    @Override
    public Result reconcile(Request request) {
        Optional<Node> cached = nodes.get(null, request.name());
        if (cached.isEmpty() || !heartbeats.hasSynced()) return Result.done(); // the tracker enqueues all once synced
        Node node = cached.get();
        Instant now = context.clock().instant();
        Liveness liveness = heartbeats.liveness(node.name());
        if (liveness instanceof Liveness.Alive) return markReady(node, now);
        Instant lostAt = lostAt(node, liveness);
        if (now.isBefore(lostAt)) return Result.requeueAfter(Duration.between(now, lostAt));
        Node marked = markUnreachable(node, liveness, now);
        return evict(marked, now);
    }

    private Instant lostAt(Node node, Liveness liveness) {
        return switch (liveness) {
            case Liveness.Alive a -> Instant.MAX;
            case Liveness.Lost l -> l.since();
            case Liveness.Silent s -> s.since();
            case Liveness.Unseen u -> {
                Instant created = node.metadata().creationTimestamp();
                Instant from = created != null && created.isAfter(u.since()) ? created : u.since();
                yield from.plus(unseenGrace);
            }
        };
    }

    private Result markReady(Node node, Instant now) {
        boolean needsCondition = NodeConditions.ready(node).map(c -> "Unknown".equals(c.status())).orElse(true);
        Client client = context.client();
        if (needsCondition) {
            client.modifyStatus(Node.class, null, node.name(), n -> NodeConditions.withReady(n, "True",
                    NodeConditions.READY_REASON, NodeConditions.READY_MESSAGE, now));
            context.events().normal(node, "NodeReady", "Node " + node.name() + " status is now: NodeReady");
        }
        if (NodeConditions.unreachableTaint(node).isPresent()) {
            client.modify(Node.class, null, node.name(), NodeConditions::withoutUnreachableTaint);
        }
        taintedAt.remove(node.name());
        return Result.done();
    }

    private Node markUnreachable(Node node, Liveness liveness, Instant now) {
        Client client = context.client();
        Node result = node;
        if (!NodeConditions.ready(node).map(c -> "Unknown".equals(c.status())).orElse(false)) {
            result = client.modifyStatus(Node.class, null, node.name(), n -> NodeConditions.withReady(n, "Unknown",
                    NodeConditions.UNKNOWN_REASON, NodeConditions.UNKNOWN_MESSAGE, now));
            context.events().warning(node, "NodeNotReady", "Node " + node.name() + " status is now: NodeNotReady ("
                    + NodeConditions.UNKNOWN_MESSAGE + ")");
            log.info("node {} is unreachable: {}", node.name(), liveness instanceof Liveness.Silent
                    ? "its agent stopped renewing its heartbeat lease" : "its heartbeat lease is gone");
        }
        if (NodeConditions.unreachableTaint(result).isEmpty()) {
            result = client.modify(Node.class, null, node.name(), n -> NodeConditions.withUnreachableTaint(n, now));
            taintedAt.put(node.name(), now);
        }
        return result;
    }

    /** Evicts the pods whose toleration ran out; asks to look again when the next one will. */
    private Result evict(Node node, Instant now) {
        if (!heartbeats.anyAlive()) {
            context.events().warning(node, ALL_DOWN_REASON, ALL_DOWN_MESSAGE);
            return Result.done(); // any heartbeat coming back enqueues every node again
        }
        Taint taint = NodeConditions.unreachableTaint(node).orElseThrow();
        Instant start = later(taintTime(node, taint, now), heartbeats.lastRecovery());
        Duration fallback = context.config().podEvictionTimeout();
        Instant next = null;
        List<Due> due = new ArrayList<>();
        for (Pod pod : podsOn(node.name())) {
            Optional<Duration> tolerated = Tolerations.of(pod, taint, fallback);
            if (tolerated.isEmpty()) continue;
            Instant deadline = start.plus(tolerated.get());
            if (!now.isBefore(deadline)) {
                due.add(new Due(pod, tolerated.get()));
            } else if (next == null || deadline.isBefore(next)) {
                next = deadline;
            }
        }
        if (!due.isEmpty()) {
            long t0 = System.nanoTime();
            evictAll(due, node, taint, start);
            log.info("evicted {} pods from unreachable node {} in {} ms", due.size(), node.name(),
                    (System.nanoTime() - t0) / 1_000_000);
        }
        return next == null ? Result.done() : Result.requeueAfter(Duration.between(now, next));
    }

    /** A pod whose toleration of the unreachable taint ({@code tolerated}) ran out. */
    private record Due(Pod pod, Duration tolerated) {}

    /**
     * Deletes the due pods from the informer's copies, {@link Client#MAX_DELETES_PER_TXN} per
     * transaction and a few transactions at once: a lost node's pods are replaced sooner when the
     * store sees a dozen round trips rather than a read and a write per pod. The first failure is
     * rethrown so the runtime retries; pods already evicted are not seen again.
     */
    private void evictAll(List<Due> due, Node node, Taint taint, Instant start) {
        Semaphore slots = new Semaphore(BATCHES_IN_FLIGHT);
        RuntimeException[] failure = new RuntimeException[1];
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int from = 0; from < due.size(); from += Client.MAX_DELETES_PER_TXN) {
                List<Due> batch = due.subList(from, Math.min(due.size(), from + Client.MAX_DELETES_PER_TXN));
                slots.acquireUninterruptibly();
                pool.execute(() -> {
                    try {
                        evictBatch(batch, node, taint, start);
                    } catch (RuntimeException e) {
                        synchronized (failure) {
                            if (failure[0] == null) failure[0] = e;
                        }
                    } finally {
                        slots.release();
                    }
                });
            }
        }
        if (failure[0] != null) throw failure[0];
    }

    private void evictBatch(List<Due> batch, Node node, Taint taint, Instant start) {
        List<Client.Written<Pod>> results = context.client().deleteAllFrom(batch.stream().map(Due::pod).toList(),
                DeleteOptions.now());
        RuntimeException failure = null;
        for (int i = 0; i < batch.size(); i++) {
            Due d = batch.get(i);
            RuntimeException error = results.get(i).error();
            try {
                if (error == null) {
                    recordEviction(d.pod(), node, d.tolerated());
                } else if (error instanceof ApiException.Conflict) {
                    evictAfterChange(d.pod(), node, taint, start);
                } else if (!(error instanceof ApiException.NotFound)) {
                    throw error;
                }
            } catch (RuntimeException e) {
                if (failure == null) failure = e;
            }
        }
        if (failure != null) throw failure;
    }

    /**
     * The pod changed since the informer's copy: decide again on the stored version (it may have
     * left the node, be deleting already, or now tolerate the taint longer).
     */
    private void evictAfterChange(Pod stale, Node node, Taint taint, Instant start) {
        Optional<Pod> fresh = context.client().get(Pod.class, stale.namespace(), stale.name());
        if (fresh.isEmpty()) return;
        Pod pod = fresh.get();
        if (pod.spec() == null || !node.name().equals(pod.spec().nodeName())
                || pod.metadata().deletionTimestamp() != null) {
            return;
        }
        Optional<Duration> tolerated = Tolerations.of(pod, taint, context.config().podEvictionTimeout());
        if (tolerated.isEmpty() || context.clock().instant().isBefore(start.plus(tolerated.get()))) {
            return; // the node's next look (requeued or on the update) takes care of it
        }
        try {
            context.client().delete(Pod.class, pod.namespace(), pod.name(),
                    DeleteOptions.now().withExpectedRevision(pod.metadata().revision()));
            recordEviction(pod, node, tolerated.get());
        } catch (ApiException.NotFound gone) {
            // deleted meanwhile
        }
    }

    private List<Pod> podsOn(String nodeName) {
        List<Pod> out = new ArrayList<>();
        for (Pod p : pods.list()) {
            if (p.spec() != null && nodeName.equals(p.spec().nodeName()) && p.metadata().deletionTimestamp() == null) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Pods are deleted at once (grace 0), as Kubernetes' NoExecute taint manager does: the agent that
     * would stop them gracefully is unreachable, and their owner replaces a deleted pod right away.
     * No separate Failed status is written first — that tripled the store round trips per pod, and
     * the Evicted event says why it went.
     */
    private void recordEviction(Pod pod, Node node, Duration tolerated) {
        context.events().warning(pod, "Evicted", "NodeLost: node " + node.name() + " which was running pod "
                + pod.name() + " is unresponsive; deleted after tolerating it for " + tolerated.toSeconds() + "s");
    }

    /**
     * When the taint went on, so that tolerations run out exactly then plus their seconds: the
     * instant this engine wrote it, or else (another leader did) the stored whole second rounded
     * up — never early, at most a second late.
     */
    private Instant taintTime(Node node, Taint taint, Instant now) {
        if (taint.timeAdded() == null) return now;
        Instant stored = taint.timeAdded();
        Instant ours = taintedAt.get(node.name());
        if (ours != null && ours.truncatedTo(ChronoUnit.SECONDS).equals(stored.truncatedTo(ChronoUnit.SECONDS))) {
            return ours;
        }
        return stored.equals(stored.truncatedTo(ChronoUnit.SECONDS)) ? stored.plusSeconds(1) : stored;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
