package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.chaos.ChaosPhase;
import dev.skiff.chaos.PodChaos;
import dev.skiff.controllers.WorkloadCluster;
import dev.skiff.controllers.replicaset.Pods;
import dev.skiff.store.EtcdProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** skiff chaos … against real etcd and an in-process engine with hollow nodes. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChaosCliIT {

    private static EtcdProcess etcd;
    private static String server;

    @BeforeAll
    static void startEtcd() {
        etcd = EtcdProcess.start();
        server = etcd.endpoint().getAuthority();
    }

    @AfterAll
    static void stopEtcd() {
        etcd.close();
    }

    private static WorkloadCluster cluster(int replicas) {
        WorkloadCluster c = WorkloadCluster.start(etcd.endpoint(), "chaoscli");
        c.node("n1");
        c.node("n2");
        c.deployment("web", replicas, "web:1", null, null, null, null);
        c.awaitRolledOut("web", "web:1", replicas, Duration.ofSeconds(60));
        return c;
    }

    @Test
    void killTwoOfThreeReportsTheTargetsAndTheReplicasComeBack() {
        try (WorkloadCluster c = cluster(3)) {
            CliRun run = CliRun.of("chaos", "kill", "pod", "-l", "app=web", "--mode", "fixed", "--value", "2",
                    "--grace-period", "0", "-n", c.ns, "--server", server);
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).startsWith("podchaos.chaos.skiff.dev/pod-kill-").contains("  Selected pod/" + c.ns + "/web-")
                    .contains("killed at once").contains("  Ended: Completed");
            assertThat(run.out().lines().filter(l -> l.startsWith("  Injected"))).hasSize(2);
            c.awaitRolledOut("web", "web:1", 3, Duration.ofSeconds(60));
        }
    }

    @Test
    void dryRunAndPreviewChangeNothingAndTheBlastRadiusRefusesAllReplicas() throws Exception {
        try (WorkloadCluster c = cluster(3)) {
            Set<String> before = live(c);

            CliRun dry = CliRun.of("chaos", "kill", "pod", "-l", "app=web", "--mode", "fixed", "--value", "2",
                    "--dry-run", "-n", c.ns, "--server", server);
            assertThat(dry.exitCode()).as(dry.err()).isZero();
            assertThat(dry.out()).contains("3 matched, 2 would be hit", "deployment/" + c.ns + "/web: 2 of 3 replicas down",
                    "nothing changed (dry run)");

            CliRun all = CliRun.of("chaos", "kill", "pod", "-l", "app=web", "--mode", "all", "--dry-run", "-n", c.ns,
                    "--server", server);
            assertThat(all.exitCode()).isEqualTo(1);
            assertThat(all.out()).contains("refused: blast radius: this would take down 3 of 3 replicas", "--force");
            assertThat(c.client.list(PodChaos.class, c.ns).items()).as("a dry run creates no fault").isEmpty();
            assertThat(live(c)).isEqualTo(before);

            CliRun refused = CliRun.of("chaos", "kill", "pod", "-l", "app=web", "--mode", "all", "-n", c.ns, "--server", server);
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).contains("3 of 3 replicas");

            Path file = Files.createTempFile("podchaos", ".yaml");
            Files.writeString(file, """
                    apiVersion: chaos.skiff.dev/v1alpha1
                    kind: PodChaos
                    metadata:
                      name: one-web
                    spec:
                      action: pod-kill
                      mode: one
                      selector:
                        labelSelectors:
                          app: web
                    """);
            CliRun preview = CliRun.of("chaos", "preview", "-f", file.toString(), "-n", c.ns, "--server", server);
            assertThat(preview.exitCode()).as(preview.err()).isZero();
            assertThat(preview.out()).contains("PodChaos pod-kill (one): 3 matched, 1 would be hit:");
            assertThat(live(c)).isEqualTo(before);
        }
    }

    @Test
    void applyStatusAndHaltWithinOneSecond() throws Exception {
        try (WorkloadCluster c = cluster(2)) {
            Path file = Files.createTempFile("podchaos", ".yaml");
            Files.writeString(file, """
                    apiVersion: chaos.skiff.dev/v1alpha1
                    kind: PodChaos
                    metadata:
                      name: long-kill
                    spec:
                      action: pod-kill
                      mode: one
                      duration: 10m
                      gracePeriod: 0
                      selector:
                        labelSelectors:
                          app: web
                    """);
            CliRun apply = CliRun.of("apply", "-f", file.toString(), "-n", c.ns, "--server", server);
            assertThat(apply.exitCode()).as(apply.err()).isZero();
            assertThat(apply.out()).isEqualTo("podchaos.chaos.skiff.dev/long-kill created\n");
            await().atMost(30, TimeUnit.SECONDS).until(() ->
                    c.client.require(PodChaos.class, c.ns, "long-kill").statusOrNew().phase() == ChaosPhase.RUNNING);

            CliRun status = CliRun.of("chaos", "status", "--server", server);
            assertThat(status.out()).contains("podchaos/long-kill", "pod-kill", "Running", "9m5", "pod/" + c.ns + "/web-");

            long t0 = System.nanoTime();
            CliRun halt = CliRun.of("chaos", "halt", "--server", server);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
            assertThat(halt.exitCode()).as(halt.err()).isZero();
            assertThat(halt.out()).contains("halted 1 of 1 active faults");
            assertThat(c.client.require(PodChaos.class, c.ns, "long-kill").status().endReason()).isEqualTo("Halted");
            assertThat(CliRun.of("chaos", "status", "--server", server).out()).isEqualTo("no active faults\n");
        }
    }

    private static Set<String> live(WorkloadCluster c) {
        return c.livePods("web").stream().filter(Pods::active).map(p -> p.name()).collect(Collectors.toSet());
    }
}
