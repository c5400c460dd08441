package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.Json;
import dev.skiff.api.Service;
import dev.skiff.chaos.ChaosKinds;
import dev.skiff.chaos.ChaosPhase;
import dev.skiff.chaos.Fault;
import dev.skiff.chaos.NetworkChaos;
import dev.skiff.chaos.NetworkChaosAction;
import dev.skiff.chaos.NodeChaos;
import dev.skiff.chaos.NodeChaosAction;
import dev.skiff.chaos.PodChaos;
import dev.skiff.chaos.PodChaosAction;
import dev.skiff.chaos.StressChaos;
import dev.skiff.controllers.WorkloadCluster;
import dev.skiff.controllers.replicaset.Pods;
import dev.skiff.store.EtcdProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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

    /**
     * At the prompt (its session store and faults open, as ShellCommand opens them) a fault command returns once its
     * fault is in full effect; the fault runs on as the session's and ends when the session does.
     */
    @Test
    void atThePromptAFaultRunsOnBesideItAndEndsWithTheSession() {
        try (WorkloadCluster c = cluster(2)) {
            ClusterOptions.useSessionStore(c.store, server);
            SessionFaults.open();
            NodeChaos fault;
            try {
                long start = System.nanoTime();
                CliRun run = CliRun.of("chaos", "drain", c.ns + "-n1", "--for", "10m", "--force");
                assertThat(run.exitCode()).as(run.err()).isZero();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
                assertThat(run.out()).contains("  Injected node/" + c.ns + "-n1",
                        "  Running beside the prompt for 10m: chaos status shows it, chaos halt ends it");
                String name = run.out().lines().findFirst().orElseThrow().replaceAll(".*/(\\S+) created", "$1");
                fault = c.client.require(NodeChaos.class, "default", name);
                assertThat(fault.statusOrNew().phase()).isEqualTo(ChaosPhase.RUNNING);
            } finally {
                SessionFaults.close();
                ClusterOptions.useSessionStore(null, null);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> c.client.get(NodeChaos.class, "default", fault.name())
                    .map(f -> f.statusOrNew().ended()).orElse(true));
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

    @Test
    void agentAndNetworkDryRunsPreviewTheirTargetsAndChangeNothing() {
        try (WorkloadCluster c = cluster(3)) {
            webService(c);
            Set<String> before = live(c);
            long faultsBefore = faults(c);
            String n1 = c.ns + "-n1";
            assertDry(c, "NodeChaos node-down (one): 1 matched, 1 would be hit:", "  node/" + n1,
                    "chaos", "node-down", n1, "--for", "30s", "--force");
            assertDry(c, "PodChaos container-kill (one): 3 matched, 1 would be hit:", "  pod/" + c.ns + "/web-",
                    "chaos", "container-kill", "pod", "-l", "app=web", "-c", "app", "-n", c.ns);
            assertDry(c, "PodChaos pod-failure (fixed 2): 3 matched, 2 would be hit:", "deployment/" + c.ns + "/web: 2 of 3",
                    "chaos", "pause", "pod", "-l", "app=web", "--mode", "fixed", "--value", "2", "--for", "30s", "-n", c.ns);
            assertDry(c, "StressChaos stress (one): 3 matched, 1 would be hit:", "  pod/" + c.ns + "/web-",
                    "chaos", "stress", "pod", "-l", "app=web", "--cpu", "1", "--for", "30s", "-n", c.ns);
            assertDry(c, "StressChaos stress (one): 1 matched, 1 would be hit:", "  node/" + n1,
                    "chaos", "stress", "node", n1, "--cpu", "1", "--memory", "64Mi", "--for", "30s", "-n", c.ns);
            assertDry(c, "NetworkChaos delay (all): 3 matched, 3 would be hit:", "  pod/" + c.ns + "/web-",
                    "chaos", "delay", "svc/web", "200ms", "--jitter", "50ms", "--for", "30s", "-n", c.ns);
            assertDry(c, "NetworkChaos loss (all): 3 matched, 3 would be hit:", "  pod/" + c.ns + "/web-",
                    "chaos", "loss", "svc/web", "10%", "--for", "30s", "-n", c.ns);
            assertDry(c, "NetworkChaos partition (one): 3 matched, 1 would be hit:", "  pod/" + c.ns + "/web-",
                    "chaos", "partition", "svc/web", "--mode", "one", "--for", "30s", "-n", c.ns);

            assertDry(c, "only traffic from 3 source pods:", "  pod/" + c.ns + "/web-",
                    "chaos", "partition", "svc/web", "--mode", "one", "--from-selector", "app=web", "--direction", "both",
                    "--for", "30s", "-n", c.ns);
            CliRun noSources = CliRun.of("chaos", "partition", "svc/web", "--mode", "one", "--from-selector", "app=nobody",
                    "--for", "30s", "--dry-run", "-n", c.ns, "--server", server);
            assertThat(noSources.exitCode()).isEqualTo(1);
            assertThat(noSources.out()).contains("refused: no sources: spec.target.selector matches no live pod");
            CliRun badDirection = CliRun.of("chaos", "partition", "svc/web", "--from-selector", "app=web", "--direction",
                    "sideways", "--for", "30s", "--dry-run", "-n", c.ns, "--server", server);
            assertThat(badDirection.exitCode()).isEqualTo(1);
            assertThat(badDirection.err()).contains("--direction: unsupported value \"sideways\"");

            CliRun invalid = CliRun.of("chaos", "delay", "svc/web", "soon", "--for", "30s", "--dry-run", "-n", c.ns,
                    "--server", server);
            assertThat(invalid.exitCode()).isEqualTo(1);
            assertThat(invalid.err()).contains("spec.delay.latency");
            CliRun wholeService = CliRun.of("chaos", "partition", "svc/web", "--for", "30s", "--dry-run", "-n", c.ns,
                    "--server", server);
            assertThat(wholeService.exitCode()).as("a partition of every replica is a total outage").isEqualTo(1);
            assertThat(wholeService.out() + wholeService.err()).contains("3 of 3 replicas of deployment/" + c.ns + "/web", "--force");
            CliRun nodeBySelector = CliRun.of("chaos", "stress", "node", "-l", "app=web", "--cpu", "1", "--for", "30s",
                    "--dry-run", "--server", server);
            assertThat(nodeBySelector.exitCode()).isEqualTo(1);
            assertThat(nodeBySelector.err()).contains("name the node to stress: chaos stress node NODE");
            CliRun noService = CliRun.of("chaos", "partition", "svc/nope", "--for", "30s", "--dry-run", "-n", c.ns,
                    "--server", server);
            assertThat(noService.exitCode()).isEqualTo(1);
            assertThat(noService.err()).contains("service " + c.ns + "/nope does not exist");

            assertThat(faults(c)).as("a dry run creates no fault").isEqualTo(faultsBefore);
            assertThat(live(c)).isEqualTo(before);
        }
    }

    @Test
    void aScenarioDryRunPreviewsEveryFaultStepAndChangesNothing(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        try (WorkloadCluster c = cluster(3)) {
            Set<String> before = live(c);
            long faultsBefore = faults(c);
            Path file = dir.resolve("scenario.yaml");
            Files.writeString(file, """
                    title: dry
                    steady-state-hypothesis:
                      probes:
                      - {type: probe, name: three, tolerance: 3, provider: {type: pods, selector: app=web}}
                    method:
                    - type: action
                      name: kill two
                      provider: {type: pod-kill, mode: fixed, value: "2", selector: {labelSelectors: {app: web}}}
                    - type: action
                      name: kill all
                      provider: {type: pod-kill, mode: all, selector: {labelSelectors: {app: web}}}
                    rollbacks:
                    - type: action
                      name: stress a node
                      provider: {type: stress, selector: {nodes: [%s]}, duration: 10s, stressors: {cpu: {workers: 1}}}
                    """.formatted(c.ns + "-n1"));
            CliRun run = CliRun.of("chaos", "run", file.toString(), "--dry-run", "-n", c.ns, "--server", server);
            assertThat(run.out()).contains("scenario \"dry\" is valid: 1 hypothesis probes, 2 method steps, 1 rollbacks",
                    "step \"kill two\": PodChaos pod-kill (fixed 2): 3 matched, 2 would be hit:", "  pod/" + c.ns + "/web-",
                    "step \"kill all\": PodChaos pod-kill (all): 3 matched, 3 would be hit:",
                    "step \"stress a node\": StressChaos stress (one): 1 matched, 1 would be hit:", "  node/" + c.ns + "-n1",
                    "nothing changed (dry run)");
            assertThat(run.out() + run.err()).as("the blast radius refuses the second step").contains("3 of 3 replicas");
            assertThat(run.exitCode()).as("a refused step fails the dry run").isEqualTo(1);
            CliRun preview = CliRun.of("chaos", "preview", "-f", file.toString(), "-n", c.ns, "--server", server);
            assertThat(preview.exitCode()).isEqualTo(1);
            assertThat(preview.out()).as("chaos preview of a scenario is its dry run").contains(
                    "step \"kill two\": PodChaos pod-kill (fixed 2): 3 matched, 2 would be hit:", "  node/" + c.ns + "-n1",
                    "nothing changed (dry run)");
            assertThat(faults(c)).as("a dry run creates no fault").isEqualTo(faultsBefore);
            assertThat(live(c)).isEqualTo(before);
        }
    }

    @Test
    void agentAndNetworkCommandsCreateTheFaultTheySay() throws Exception {
        try (WorkloadCluster c = cluster(3)) {
            webService(c);
            // hollow nodes run no fault executor: the faults end after --for with their targets "never injected"
            PodChaos pause = only(c, PodChaos.class, run("chaos", "pause", "pod", "-l", "app=web", "--for", "1s", "-n", c.ns));
            assertThat(pause.spec().action()).isEqualTo(PodChaosAction.POD_FAILURE);
            assertThat(pause.spec().duration()).isEqualTo("1s");
            assertThat(pause.spec().selector().labelSelectors()).isEqualTo(Map.of("app", "web"));

            StressChaos stress = only(c, StressChaos.class, run("chaos", "stress", "pod", "-l", "app=web", "--cpu", "2", "--load", "50",
                    "--memory", "64Mi", "--for", "1s", "-n", c.ns));
            assertThat(stress.spec().stressors().cpu().workers()).isEqualTo(2);
            assertThat(stress.spec().stressors().memory().size()).isEqualTo("64Mi");

            NetworkChaos delay = only(c, NetworkChaos.class, run("chaos", "delay", "svc/web", "200ms", "--jitter", "50ms",
                    "--for", "1s", "-n", c.ns));
            assertThat(delay.spec().action()).isEqualTo(NetworkChaosAction.DELAY);
            assertThat(delay.spec().delay().latency()).isEqualTo("200ms");
            assertThat(delay.spec().delay().jitter()).isEqualTo("50ms");
            assertThat(delay.spec().selector().labelSelectors()).isEqualTo(Map.of("app", "web"));
            assertThat(delay.spec().target().services()).containsExactly("web");
            c.client.delete(NetworkChaos.class, c.ns, delay.name());
            await().atMost(10, TimeUnit.SECONDS).until(() -> c.client.list(NetworkChaos.class, c.ns).items().isEmpty());

            NetworkChaos loss = only(c, NetworkChaos.class, run("chaos", "loss", "svc/web", "10%", "--for", "1s", "-n", c.ns));
            assertThat(loss.spec().loss().loss()).isEqualTo("10");

            NodeChaos down = only(c, NodeChaos.class, run("chaos", "node-down", c.ns + "-n2", "--for", "1s", "--force"));
            assertThat(down.spec().action()).isEqualTo(NodeChaosAction.NODE_DOWN);
            assertThat(down.spec().selector().nodes()).containsExactly(c.ns + "-n2");

            // container-kill has no duration: it runs until its agent reports, so it is halted here
            CompletableFuture<CliRun> kill = CompletableFuture.supplyAsync(() -> CliRun.of("chaos", "container-kill", "pod",
                    "-l", "app=web", "-c", "app", "-n", c.ns, "--server", server));
            await().atMost(30, TimeUnit.SECONDS).until(() -> c.client.list(PodChaos.class, c.ns).items().size() == 2);
            PodChaos killed = c.client.list(PodChaos.class, c.ns).items().stream()
                    .filter(p -> p.spec().action() == PodChaosAction.CONTAINER_KILL).findFirst().orElseThrow();
            assertThat(killed.spec().containerNames()).containsExactly("app");
            assertThat(CliRun.of("chaos", "halt", "--server", server).exitCode()).isZero();
            CliRun killRun = kill.get(30, TimeUnit.SECONDS);
            assertThat(killRun.exitCode()).as(killRun.err()).isZero();
            assertThat(killRun.out()).contains("Ended: Halted");
        }
    }

    /** Every fault in the store, ended or not (earlier tests leave theirs). */
    private static long faults(WorkloadCluster c) {
        return ChaosKinds.TYPES.stream().mapToLong(t -> c.client.list(t, null).items().size()).sum();
    }

    private static CliRun run(String... args) {
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--server", server))
                .toArray(String[]::new);
        CliRun r = CliRun.of(all);
        assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isZero();
        assertThat(r.out()).contains("  Ended: ");
        return r;
    }

    /** The one fault of {@code type} the run created (named in its first line). */
    private static <F extends Fault> F only(WorkloadCluster c, Class<F> type, CliRun run) {
        String created = run.out().lines().findFirst().orElseThrow();
        String name = created.substring(created.indexOf('/') + 1, created.indexOf(" created"));
        F f = c.client.list(type, null).items().stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name + " after: " + run.out()));
        assertThat(f.statusOrNew().ended()).isTrue();
        return f;
    }

    private static void assertDry(WorkloadCluster c, String plan, String target, String... args) {
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--dry-run",
                "--server", server)).toArray(String[]::new);
        CliRun r = CliRun.of(all);
        assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err() + r.out()).isZero();
        assertThat(r.out()).contains(plan, target, "nothing changed (dry run)");
    }

    private static void webService(WorkloadCluster c) {
        c.client.create(Json.fromYaml("""
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: %s}
                spec:
                  selector: {app: web}
                  ports: [{port: 80}]
                """.formatted(c.ns), Service.class));
    }

    private static Set<String> live(WorkloadCluster c) {
        return c.livePods("web").stream().filter(Pods::active).map(p -> p.name()).collect(Collectors.toSet());
    }
}
