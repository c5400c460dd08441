package dev.skiff.bench;

import dev.skiff.api.Container;
import dev.skiff.api.Deployment;
import dev.skiff.api.DeploymentSpec;
import dev.skiff.api.LabelSelector;
import dev.skiff.api.Namespace;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Pod;
import dev.skiff.api.PodPhase;
import dev.skiff.api.PodSpec;
import dev.skiff.api.PodTemplateSpec;
import dev.skiff.api.ResourceRequirements;
import dev.skiff.client.Client;
import dev.skiff.client.Informer;
import dev.skiff.client.ResourceHandler;
import dev.skiff.engine.Engine;
import dev.skiff.engine.EngineConfig;
import dev.skiff.store.EtcdProcess;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.embedded.EmbeddedServer;
import dev.skiff.store.embedded.EmbeddedServerConfig;
import dev.skiff.testing.HollowNode;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Deployments end to end on a real engine (scheduler, ReplicaSet and Deployment controllers) with
 * 50 hollow nodes: time until 1,000 replicas are Running, and a rolling update of 100 replicas
 * (default 25% surge / 25% unavailable). Run on etcd and on the embedded store.
 */
final class WorkloadBench {
    static final int NODES = 50;
    static final int BIG = 1000;
    static final int ROLLING = 100;
    static final Duration LIMIT = Duration.ofSeconds(120);

    private WorkloadBench() {
    }

    record Figures(double bigRunningSec, double bigAvailableSec, double rollingSec) {
    }

    static void run() {
        Figures etcdFigures;
        String version;
        try (EtcdProcess etcd = EtcdProcess.start()) {
            version = etcd.version();
            etcdFigures = measure(etcd.endpoint());
        }
        Figures embedded;
        try (EmbeddedServer server = EmbeddedServer.start(new EmbeddedServerConfig(
                Files.createTempDirectory("skiff-bench-workloads-"), "127.0.0.1", 0))) {
            embedded = measure(URI.create(server.endpoint()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        System.out.printf("%-52s %10s %10s%n", "figure (" + NODES + " hollow nodes)", "embedded", "etcd " + version);
        row("1,000-replica Deployment: all Running, s", embedded.bigRunningSec(), etcdFigures.bigRunningSec());
        row("1,000-replica Deployment: status available, s", embedded.bigAvailableSec(), etcdFigures.bigAvailableSec());
        row("rolling update of 100 replicas, s", embedded.rollingSec(), etcdFigures.rollingSec());
    }

    private static void row(String name, double a, double b) {
        System.out.printf("%-52s %10.2f %10.2f%n", name, a, b);
    }

    static Figures measure(URI endpoint) {
        List<AutoCloseable> open = new ArrayList<>();
        try {
            Store engineStore = connect(endpoint);
            Store nodeStore = connect(endpoint);
            Store benchStore = connect(endpoint);
            open.addAll(List.of(benchStore, nodeStore, engineStore));
            Client client = new Client(benchStore, Clock.systemUTC());
            String ns = "bench-workloads";
            client.create(new Namespace(null, null, ObjectMeta.named(ns), null, null));
            Engine engine = new Engine(engineStore, EngineConfig.defaults().withIdentity("bench"), Clock.systemUTC(),
                    Engine.builtIn()).start();
            open.addFirst(engine);
            for (int i = 0; i < NODES; i++) {
                open.addFirst(HollowNode.start(nodeStore, "hollow-" + i, "64", "256Gi", Map.of()));
            }
            waitFor("engine leads", engine::isLeader);
            Informer<Pod> pods = new Informer<>(client, Pod.class, ns);
            Set<String> running = ConcurrentHashMap.newKeySet();
            pods.addHandler(runningTracker(running));
            pods.start();
            open.addFirst(pods);

            long t0 = System.nanoTime();
            client.create(deployment(ns, "big", BIG, "app:1"));
            waitFor("1000 Running", () -> count(running, "big-") >= BIG);
            double bigRunning = (System.nanoTime() - t0) / 1e9;
            waitFor("status", () -> available(client, ns, "big") == BIG);
            double bigAvailable = (System.nanoTime() - t0) / 1e9;

            client.create(deployment(ns, "roll", ROLLING, "app:1"));
            waitFor("100 Running", () -> rolledOut(client, ns, "roll", "app:1", pods));
            t0 = System.nanoTime();
            client.modify(Deployment.class, ns, "roll", d -> d.withSpec(d.spec().withTemplate(template("roll", "app:2"))));
            waitFor("rolled out", () -> rolledOut(client, ns, "roll", "app:2", pods));
            double rolling = (System.nanoTime() - t0) / 1e9;
            return new Figures(bigRunning, bigAvailable, rolling);
        } finally {
            for (AutoCloseable c : open) {
                try {
                    c.close();
                } catch (Exception e) {
                    // tearing down
                }
            }
        }
    }

    /** A loaded machine (the CI box runs several builds) can miss the 5 s connect timeout once. */
    static Store connect(URI endpoint) {
        return connect(StoreConfig.of(List.of(endpoint)));
    }

    static Store connect(StoreConfig config) {
        for (int attempt = 1; ; attempt++) {
            try {
                return EtcdStore.connect(config);
            } catch (dev.skiff.store.StoreException.Unavailable e) {
                if (attempt == 3) throw e;
            }
        }
    }

    private static long count(Set<String> names, String prefix) {
        return names.stream().filter(n -> n.startsWith(prefix)).count();
    }

    private static int available(Client client, String ns, String name) {
        Deployment d = client.require(Deployment.class, ns, name);
        return d.status() == null || d.status().availableReplicas() == null ? 0 : d.status().availableReplicas();
    }

    private static boolean rolledOut(Client client, String ns, String name, String image, Informer<Pod> pods) {
        List<Pod> all = pods.list(ns, LabelSelector.of(Map.of("app", name)));
        return all.size() == ROLLING && all.stream().allMatch(p -> p.metadata().deletionTimestamp() == null
                && p.status() != null && p.status().ready()
                && p.spec().containers().getFirst().image().equals(image))
                && available(client, ns, name) == ROLLING;
    }

    private static ResourceHandler<Pod> runningTracker(Set<String> running) {
        return new ResourceHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                onUpdate(null, pod);
            }

            @Override
            public void onUpdate(Pod previous, Pod pod) {
                if (pod.status() != null && pod.status().phase() == PodPhase.RUNNING
                        && pod.metadata().deletionTimestamp() == null) {
                    running.add(pod.name());
                } else {
                    running.remove(pod.name());
                }
            }

            @Override
            public void onDelete(Pod pod) {
                running.remove(pod.name());
            }
        };
    }

    static PodTemplateSpec template(String app, String image) {
        Container c = Container.of("app", image).withResources(new ResourceRequirements(null,
                Map.of("cpu", dev.skiff.api.Quantity.parse("10m"), "memory", dev.skiff.api.Quantity.parse("16Mi"))));
        return new PodTemplateSpec(ObjectMeta.EMPTY.withLabels(Map.of("app", app)), PodSpec.of(c));
    }

    static Deployment deployment(String ns, String name, int replicas, String image) {
        return Deployment.of(ObjectMeta.named(ns, name), new DeploymentSpec(replicas,
                LabelSelector.of(Map.of("app", name)), template(name, image), null, null, null, null, null));
    }

    private static void waitFor(String what, BooleanSupplier done) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("workload bench: timed out waiting for " + what);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
