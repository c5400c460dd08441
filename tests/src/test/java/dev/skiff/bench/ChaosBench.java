package dev.skiff.bench;

import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Pod;
import dev.skiff.chaos.ChaosMode;
import dev.skiff.chaos.ChaosPhase;
import dev.skiff.chaos.ChaosSelector;
import dev.skiff.chaos.PodChaos;
import dev.skiff.chaos.PodChaosAction;
import dev.skiff.chaos.PodChaosSpec;
import dev.skiff.controllers.WorkloadCluster;
import dev.skiff.controllers.replicaset.Pods;
import dev.skiff.store.EtcdProcess;
import dev.skiff.store.embedded.EmbeddedServer;
import dev.skiff.store.embedded.EmbeddedServerConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * pod-kill → replacement Ready on hollow nodes: a 10-replica Deployment on 3 hollow nodes, one pod
 * killed (grace 0) per round by a PodChaos; measured from the fault's creation to (a) the kill
 * (fault Finished) and (b) the Deployment having 10 ready pods again, none of them the victim.
 */
final class ChaosBench {
    static final int REPLICAS = 10;
    static final int ROUNDS = 40;

    private ChaosBench() {}

    static void run() {
        System.out.printf("%-14s %-34s %9s %9s%n", "store", "figure", "p50 ms", "p99 ms");
        try (EtcdProcess etcd = EtcdProcess.start()) {
            measure("etcd " + etcd.version(), etcd.endpoint());
            ChaosAgentBench.measure(etcd);
        }
        java.nio.file.Path dir = TempDirs.create("skiff-chaos-bench-");
        try (EmbeddedServer server = EmbeddedServer.start(new EmbeddedServerConfig(dir, "127.0.0.1", 0))) {
            measure("embedded", URI.create(server.endpoint()));
        } finally {
            TempDirs.deleteQuietly(dir);
        }
    }

    private static void measure(String store, URI endpoint) {
        try (WorkloadCluster c = WorkloadCluster.start(endpoint, "chaosbench")) {
            for (int i = 1; i <= 3; i++) c.node("n" + i);
            c.deployment("web", REPLICAS, "web:1", null, null, null, null);
            c.awaitRolledOut("web", "web:1", REPLICAS, Duration.ofSeconds(120));
            Stats killed = new Stats(ROUNDS);
            Stats ready = new Stats(ROUNDS);
            for (int round = 0; round < ROUNDS; round++) {
                long t0 = System.nanoTime();
                String name = "kill-" + round;
                c.client.create(PodChaos.of(ObjectMeta.named(c.ns, name), new PodChaosSpec(PodChaosAction.POD_KILL,
                        new ChaosSelector(null, Map.of("app", "web"), null, null, null, null), ChaosMode.ONE, null, null,
                        0L, null, null)));
                waitFor(() -> c.client.require(PodChaos.class, c.ns, name).statusOrNew().phase() == ChaosPhase.FINISHED);
                killed.add(System.nanoTime() - t0);
                Set<String> victims = c.client.require(PodChaos.class, c.ns, name).status().targets().stream()
                        .map(t -> t.name()).collect(Collectors.toSet());
                waitFor(() -> {
                    List<Pod> live = c.livePods("web");
                    return live.size() == REPLICAS && live.stream().allMatch(Pods::ready)
                            && live.stream().noneMatch(p -> victims.contains(p.name()));
                });
                ready.add(System.nanoTime() - t0);
            }
            System.out.printf("%-14s %-34s %9.1f %9.1f%n", store, "pod-kill: fault Finished", killed.percentileMs(50),
                    killed.percentileMs(99));
            System.out.printf("%-14s %-34s %9.1f %9.1f%n", store, "pod-kill -> replacement Ready", ready.percentileMs(50),
                    ready.percentileMs(99));
        }
    }

    private static void waitFor(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("timed out");
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
