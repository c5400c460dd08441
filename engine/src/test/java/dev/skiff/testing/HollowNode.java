package dev.skiff.testing;

import dev.skiff.api.Condition;
import dev.skiff.api.ContainerState;
import dev.skiff.api.ContainerStateRunning;
import dev.skiff.api.ContainerStatus;
import dev.skiff.api.Container;
import dev.skiff.api.Node;
import dev.skiff.api.NodeAddress;
import dev.skiff.api.NodeStatus;
import dev.skiff.api.NodeSystemInfo;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Pod;
import dev.skiff.api.PodPhase;
import dev.skiff.api.PodStatus;
import dev.skiff.api.Quantity;
import dev.skiff.client.ApiException;
import dev.skiff.client.Client;
import dev.skiff.client.DeleteOptions;
import dev.skiff.client.Informer;
import dev.skiff.client.NodeHeartbeat;
import dev.skiff.client.ResourceHandler;
import dev.skiff.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A "hollow node" (kubemark's idea): a real store client that plays a node agent. It registers
 * its Node, keeps a heartbeat lease alive, marks the pods bound to it Running (and Ready, unless
 * told otherwise), and finishes their deletion. Fakes are allowed only at process boundaries
 * (DESIGN.md §7): this stands where a whole agent process would.
 */
public final class HollowNode implements AutoCloseable {

    private final Client client;
    private final String name;
    private final NodeHeartbeat heartbeat;
    private final SharedPods pods;
    private final ResourceHandler<Pod> handler = handler();
    private final java.util.concurrent.atomic.AtomicBoolean left = new java.util.concurrent.atomic.AtomicBoolean();
    private final ExecutorService writer = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean podsReady = true;
    private volatile boolean running = true;

    private HollowNode(Client client, String name, Duration heartbeatTtl) {
        this.client = client;
        this.name = name;
        this.heartbeat = NodeHeartbeat.start(client.store(), name, heartbeatTtl, () -> { });
        this.pods = SharedPods.of(client.store());
    }

    /**
     * One pod cache per store for every hollow node on it. Real agents each run on their own
     * machine; fifty of them in one JVM, each decoding every pod change, would measure the test
     * harness (50 decodes per change) rather than the engine.
     */
    private static final class SharedPods {
        private static final Map<Store, SharedPods> BY_STORE = new HashMap<>();
        private final Store store;
        private final Informer<Pod> informer;
        private int users;

        private SharedPods(Store store) {
            this.store = store;
            this.informer = new Informer<>(new Client(store, Clock.systemUTC()), Pod.class, null);
        }

        static synchronized SharedPods of(Store store) {
            SharedPods shared = BY_STORE.computeIfAbsent(store, SharedPods::new);
            shared.users++;
            return shared;
        }

        void join(ResourceHandler<Pod> handler) {
            informer.addHandler(handler).start();
            informer.awaitSynced(Duration.ofSeconds(30));
            // pods bound before this node joined (the informer replays nothing to a late handler)
            for (Pod p : informer.list()) handler.onAdd(p);
        }

        List<Pod> list() {
            return informer.list();
        }

        void leave(ResourceHandler<Pod> handler) {
            informer.removeHandler(handler);
            synchronized (SharedPods.class) {
                if (--users > 0) return;
                BY_STORE.remove(store);
            }
            informer.close();
        }
    }

    /** Registers {@code name} with {@code cpu} cores and {@code memory} (e.g. "4", "8Gi"), Ready. */
    public static HollowNode start(Store store, String name, String cpu, String memory, Map<String, String> labels) {
        return start(store, name, cpu, memory, labels, NodeHeartbeat.DEFAULT_TTL);
    }

    public static HollowNode start(Store store, String name, String cpu, String memory, Map<String, String> labels,
                                   Duration heartbeatTtl) {
        Client client = new Client(store, Clock.systemUTC());
        register(client, name, cpu, memory, labels);
        HollowNode node = new HollowNode(client, name, heartbeatTtl);
        node.pods.join(node.handler);
        return node;
    }

    /**
     * Registers the Node and keeps its heartbeat, nothing more: no pod cache, no status writes. For
     * control-plane benchmarks with many nodes, where a hundred pod informers would measure the
     * test harness instead.
     */
    public static HollowNode startIdle(Store store, String name, String cpu, String memory, Map<String, String> labels) {
        Client client = new Client(store, Clock.systemUTC());
        register(client, name, cpu, memory, labels);
        HollowNode node = new HollowNode(client, name, NodeHeartbeat.DEFAULT_TTL);
        node.running = false;
        return node;
    }

    public String name() {
        return name;
    }

    /** Whether pods started from now on report Ready (a failing readiness probe, when false). */
    public void podsReady(boolean ready) {
        this.podsReady = ready;
    }

    /** Stops the heartbeat without revoking it and stops acting on pods: the machine lost power. */
    public void powerOff() {
        running = false;
        heartbeat.stall();
    }

    /** Pods bound to this node, as its cache sees them. */
    public List<Pod> pods() {
        return pods.list().stream().filter(this::mine).toList();
    }

    @Override
    public void close() {
        running = false;
        if (left.compareAndSet(false, true)) pods.leave(handler); // once: the cache is shared
        writer.shutdownNow();
        try {
            heartbeat.close();
        } catch (RuntimeException e) {
            // already gone with the store
        }
    }

    private ResourceHandler<Pod> handler() {
        return new ResourceHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                act(pod);
            }

            @Override
            public void onUpdate(Pod previous, Pod pod) {
                act(pod);
            }
        };
    }

    private boolean mine(Pod pod) {
        return pod.spec() != null && name.equals(pod.spec().nodeName());
    }

    private void act(Pod pod) {
        if (!running || !mine(pod)) return;
        if (pod.metadata().deletionTimestamp() != null) {
            writer.execute(() -> retrying(() -> finishDeletion(pod)));
        } else if (pod.status() == null || pod.status().phase() == null || pod.status().phase() == PodPhase.PENDING) {
            writer.execute(() -> retrying(() -> markRunning(pod)));
        }
    }

    /** A real agent retries a status write the store refused while overloaded; so does this one. */
    private void retrying(Runnable write) {
        for (int attempt = 1; running; attempt++) {
            try {
                write.run();
                return;
            } catch (dev.skiff.store.StoreException.Unavailable e) {
                if (attempt >= 10) throw e;
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    private void finishDeletion(Pod pod) {
        try {
            client.delete(Pod.class, pod.namespace(), pod.name(), DeleteOptions.now());
        } catch (ApiException.NotFound e) {
            // already gone
        }
    }

    private void markRunning(Pod pod) {
        boolean ready = podsReady;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<ContainerStatus> statuses = new ArrayList<>();
        for (Container c : pod.spec().containers()) {
            statuses.add(new ContainerStatus(c.name(), new ContainerState(null, new ContainerStateRunning(now), null),
                    null, ready, 0, c.image(), null, "hollow://" + pod.name() + "/" + c.name(), true));
        }
        List<Condition> conditions = List.of(
                Condition.of("PodScheduled", true, null, null, now),
                Condition.of("Initialized", true, null, null, now),
                Condition.of("ContainersReady", ready, null, null, now),
                Condition.of("Ready", ready, null, null, now));
        PodStatus status = new PodStatus(PodPhase.RUNNING, conditions, null, null, null, address(name),
                address(name), null, now, null, statuses, null);
        try {
            try {
                client.updateStatusFrom(pod, pod.withStatus(status)); // the cached copy saves a read
            } catch (ApiException.Conflict stale) {
                client.modifyStatus(Pod.class, pod.namespace(), pod.name(), p -> p.withStatus(status));
            }
        } catch (ApiException.NotFound e) {
            // deleted before it started
        }
    }

    private static void register(Client client, String name, String cpu, String memory, Map<String, String> labels) {
        Map<String, String> all = new LinkedHashMap<>(labels);
        all.put("kubernetes.io/hostname", name);
        all.put("kubernetes.io/os", "linux");
        all.put("kubernetes.io/arch", "amd64");
        all.put("skiff.dev/runtime", "hollow");
        Map<String, Quantity> capacity = Map.of("cpu", Quantity.parse(cpu), "memory", Quantity.parse(memory),
                "pods", Quantity.parse("110"));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        NodeStatus status = new NodeStatus(capacity, capacity, null,
                List.of(Condition.of("Ready", true, "AgentReady", "hollow node is posting ready status", now)),
                List.of(new NodeAddress("InternalIP", address(name)), new NodeAddress("Hostname", name)), null,
                new NodeSystemInfo(null, null, null, null, "hollow", "hollow", "skiff-hollow", null, "linux", "amd64"));
        Node node = new Node(null, null, ObjectMeta.named(name).withLabels(all), null, status);
        try {
            client.create(node);
        } catch (ApiException.AlreadyExists e) {
            client.modifyStatus(Node.class, null, name, n -> n.withStatus(status));
        }
    }

    /** A loopback address per node name, stable across runs: 127.1.x.y. */
    static String address(String node) {
        int h = node.hashCode() & 0xffff;
        return "127.1." + (h >> 8) + "." + Math.max(1, h & 0xff);
    }
}
