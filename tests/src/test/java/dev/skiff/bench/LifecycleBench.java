package dev.skiff.bench;

import dev.skiff.api.ConfigMap;
import dev.skiff.api.Json;
import dev.skiff.api.Node;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.OwnerReference;
import dev.skiff.api.Pod;
import dev.skiff.api.PodPhase;
import dev.skiff.api.Taint;
import dev.skiff.client.Client;
import dev.skiff.client.NodeHeartbeat;
import dev.skiff.engine.Engine;
import dev.skiff.engine.EngineConfig;
import dev.skiff.store.EtcdProcess;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import dev.skiff.testing.HollowNode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Node failure with the default timings (10 s heartbeat TTL, 10 s toleration): how long until the
 * node is NotReady and until all its pods are evicted, and how much of that is the controller's
 * own work beyond the two timers. Also: a background cascade of 1,000 dependents.
 */
final class LifecycleBench {
    static final int PODS = 500;
    static final int DEPENDENTS = 1000;

    private LifecycleBench() {}

    static void run() {
        try (EtcdProcess etcd = EtcdProcess.start(); Store store = EtcdStore.connect(etcd.config());
             Engine engine = new Engine(store, EngineConfig.defaults().withIdentity("bench"), Clock.systemUTC(),
                     Engine.builtIn()).start()) {
            System.out.println("peer: etcd " + etcd.version());
            waitFor(() -> engine.isLeader() && engine.manager().isRunning(), Duration.ofSeconds(30));
            Client client = new Client(store, Clock.systemUTC());
            System.out.printf("%-52s %10s%n", "figure", "value");
            nodeFailure(store, client);
            cascade(client);
        }
    }

    private static void nodeFailure(Store store, Client client) {
        HollowNode failing = HollowNode.start(store, "bench-a", "64", "256Gi", Map.of(), NodeHeartbeat.DEFAULT_TTL);
        HollowNode other = HollowNode.start(store, "bench-b", "64", "256Gi", Map.of(), NodeHeartbeat.DEFAULT_TTL);
        try (failing; other) {
            for (int i = 0; i < PODS; i++) client.create(pod("p-" + i, "bench-a"));
            waitFor(() -> client.list(Pod.class, "default").items().stream()
                    .filter(p -> p.status() != null && p.status().phase() == PodPhase.RUNNING).count() == PODS,
                    Duration.ofSeconds(120));
            long off = System.nanoTime();
            failing.powerOff();
            waitFor(() -> client.require(Node.class, null, "bench-a").spec() != null
                    && client.require(Node.class, null, "bench-a").spec().taints() != null, Duration.ofSeconds(60));
            double notReady = (System.nanoTime() - off) / 1e9;
            Taint taint = client.require(Node.class, null, "bench-a").spec().taints().getFirst();
            waitFor(() -> client.list(Pod.class, "default").items().isEmpty(), Duration.ofSeconds(180));
            double evicted = (System.nanoTime() - off) / 1e9;
            row("node failure: NotReady + tainted after, s", notReady);
            row("node failure: all " + PODS + " pods evicted after, s", evicted);
            row("  of which eviction work (after 10 s toleration), s", evicted - notReady - 10);
            row("  evictions/s (delete, grace 0)", PODS / Math.max(0.001, evicted - notReady - 10));
            if (taint.timeAdded() == null) throw new IllegalStateException("taint without timeAdded");
        }
    }

    private static void cascade(Client client) {
        ConfigMap owner = client.create(new ConfigMap(null, null, ObjectMeta.named("default", "owner"), Map.of(), null, null));
        OwnerReference ref = new OwnerReference("v1", "ConfigMap", "owner", owner.metadata().uid(), null, null);
        for (int i = 0; i < DEPENDENTS; i++) {
            client.create(new ConfigMap(null, null, ObjectMeta.named("default", "dep-" + i).withOwnerReferences(List.of(ref)),
                    Map.of("k", "v"), null, null));
        }
        long t0 = System.nanoTime();
        client.delete(ConfigMap.class, "default", "owner");
        waitFor(() -> client.list(ConfigMap.class, "default").items().isEmpty(), Duration.ofSeconds(180));
        double s = (System.nanoTime() - t0) / 1e9;
        row("GC background cascade of " + DEPENDENTS + " dependents, s", s);
        row("  dependents deleted/s", DEPENDENTS / s);
    }

    private static Pod pod(String name, String node) {
        return Json.fromYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: default}
                spec:
                  nodeName: %s
                  containers: [{name: main, image: busybox:1}]
                """.formatted(name, node), Pod.class);
    }

    private static void waitFor(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("timed out after " + timeout);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static void row(String name, double v) {
        System.out.printf("%-52s %10.2f%n", name, v);
    }
}
