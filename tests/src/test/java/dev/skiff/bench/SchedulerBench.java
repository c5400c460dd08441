package dev.skiff.bench;

import dev.skiff.api.Container;
import dev.skiff.api.Node;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Pod;
import dev.skiff.api.PodSpec;
import dev.skiff.api.Quantity;
import dev.skiff.api.ResourceRequirements;
import dev.skiff.client.Client;
import dev.skiff.client.Informer;
import dev.skiff.client.ResourceHandler;
import dev.skiff.engine.Engine;
import dev.skiff.engine.EngineConfig;
import dev.skiff.scheduler.ClusterSnapshot;
import dev.skiff.scheduler.Placement;
import dev.skiff.scheduler.PodInfo;
import dev.skiff.scheduler.Policy;
import dev.skiff.scheduler.Scheduler;
import dev.skiff.scheduler.SchedulerController;
import dev.skiff.store.EtcdProcess;
import dev.skiff.store.Store;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.embedded.EmbeddedServer;
import dev.skiff.store.embedded.EmbeddedServerConfig;
import dev.skiff.testing.HollowNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 4's scheduler benchmark: 5,000 pending pods created up front, 100 hollow nodes (Node +
 * heartbeat only), then an Engine running just the scheduler; pods bound per second from the
 * first bind to the last, against real etcd and the embedded store. Target ≥ 1,000 pods/s
 * (kube-scheduler: 100-390). {@code -Dskiff.bench.store=etcd|embedded} measures one store only (default both).
 */
final class SchedulerBench {
    static final int NODES = 100;
    static final int PODS = 5000;
    static final int CREATORS = 32;

    private SchedulerBench() {}

    static void run() {
        List<String[]> rows = new ArrayList<>();
        String only = System.getProperty("skiff.bench.store", "");
        if (!only.equals("embedded")) {
            try (EtcdProcess etcd = EtcdProcess.start()) {
                rows.add(measure("etcd " + etcd.version(), etcd.config()));
            }
        }
        if (!only.equals("etcd")) {
            Path dir = tempDir();
            try (EmbeddedServer server = EmbeddedServer.start(new EmbeddedServerConfig(dir, "127.0.0.1", 0))) {
                rows.add(measure("embedded (SQLite)", StoreConfig.parse("127.0.0.1:" + server.port())));
            }
        }
        System.out.printf("%d pending pods, %d hollow nodes; pure decisions (no store): %.0f/s%n", PODS, NODES,
                pureDecisionsPerSecond());
        System.out.printf("%-20s %14s %18s %16s %10s %14s%n", "store", "binds/s", "engine start→last", "first→last (s)",
                "max pods/node", "CPU ms/bind");
        for (String[] r : rows) System.out.printf("%-20s %14s %18s %16s %10s %14s%n", (Object[]) r);
    }

    private static String[] measure(String label, StoreConfig config) {
        try (Store store = WorkloadBench.connect(config)) {
            Client client = new Client(store, Clock.systemUTC());
            List<HollowNode> nodes = new ArrayList<>();
            for (int i = 0; i < NODES; i++) {
                nodes.add(HollowNode.startIdle(store, String.format("node-%03d", i), "4", "16Gi", Map.of()));
            }
            createPending(client);
            Binds binds = new Binds();
            try (Informer<Pod> watcher = new Informer<>(client, Pod.class, "default")) {
                watcher.addHandler(binds).start().awaitSynced(Duration.ofSeconds(60));
                long start = System.nanoTime();
                long cpuStart = processCpuNanos();
                try (Engine engine = new Engine(store, EngineConfig.defaults().withIdentity("bench"),
                        Clock.systemUTC(), List.of(SchedulerController::setup)).start()) {
                    await(binds.all);
                    double span = (binds.last.get() - binds.first.get()) / 1e9;
                    double total = (binds.last.get() - start) / 1e9;
                    double cpuPerBind = (processCpuNanos() - cpuStart) / 1e6 / PODS;
                    int maxPerNode = maxPerNode(watcher.list());
                    nodes.forEach(HollowNode::close);
                    return new String[] {label, String.format("%.0f", (PODS - 1) / span),
                            String.format("%.2f s", total), String.format("%.2f", span), "" + maxPerNode,
                            String.format("%.2f", cpuPerBind)};
                }
            }
        }
    }

    /** The ceiling set by the decision alone: schedule(pod, snapshot) + assume, no store, one thread. */
    private static double pureDecisionsPerSecond() {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            Map<String, Quantity> alloc = Map.of("cpu", Quantity.parse("4"), "memory", Quantity.parse("16Gi"),
                    "pods", Quantity.parse("110"));
            nodes.add(new Node(null, null, ObjectMeta.named(String.format("node-%03d", i)), null,
                    new dev.skiff.api.NodeStatus(alloc, alloc, null, List.of(dev.skiff.api.Condition.of("Ready", true,
                            null, null, java.time.Instant.EPOCH)), null, null, null)));
        }
        Scheduler scheduler = Scheduler.withPlugins(Policy.DEFAULT);
        double best = 0;
        for (int round = 0; round < 3; round++) {
            ClusterSnapshot snapshot = ClusterSnapshot.of(nodes, List.of());
            long t0 = System.nanoTime();
            for (int i = 0; i < PODS; i++) {
                PodInfo pod = PodInfo.of(pod(i));
                if (scheduler.schedule(pod, snapshot) instanceof Placement.Placed p) snapshot = snapshot.withPod(p.node(), pod);
            }
            best = Math.max(best, PODS / ((System.nanoTime() - t0) / 1e9));
        }
        return best;
    }

    /** Records when each pod gets its node, as an outside observer sees it through a watch. */
    private static final class Binds implements ResourceHandler<Pod> {
        final CountDownLatch all = new CountDownLatch(PODS);
        final AtomicLong first = new AtomicLong();
        final AtomicLong last = new AtomicLong();

        @Override
        public void onUpdate(Pod previous, Pod pod) {
            if (previous.spec().nodeName() == null && pod.spec().nodeName() != null) {
                long now = System.nanoTime();
                first.compareAndSet(0, now);
                last.set(now);
                all.countDown();
            }
        }
    }

    private static void createPending(Client client) {
        CountDownLatch done = new CountDownLatch(CREATORS);
        for (int w = 0; w < CREATORS; w++) {
            int writer = w;
            Thread.ofVirtual().start(() -> {
                try {
                    for (int i = writer; i < PODS; i += CREATORS) client.create(pod(i));
                } finally {
                    done.countDown();
                }
            });
        }
        await(done);
    }

    private static Pod pod(int i) {
        Container c = Container.of("main", "busybox").withResources(new ResourceRequirements(null,
                Map.of("cpu", Quantity.parse("10m"), "memory", Quantity.parse("16Mi"))));
        return Pod.of(ObjectMeta.named("default", "pending-" + i), PodSpec.of(c));
    }

    private static int maxPerNode(List<Pod> pods) {
        Map<String, Integer> count = new HashMap<>();
        for (Pod p : pods) count.merge(p.spec().nodeName(), 1, Integer::sum);
        return count.values().stream().max(Integer::compare).orElse(0);
    }

    /**
     * This JVM's CPU time: the engine, its client and watches (and the embedded store, when that is
     * the store) — a per-bind figure that, unlike binds/s, the other load on the machine hardly moves.
     */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("skiff-sched-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.MINUTES)) throw new IllegalStateException("benchmark timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
