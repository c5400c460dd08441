package dev.skiff.e2e;

import static dev.skiff.e2e.LocalSkiff.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.EndpointAddress;
import dev.skiff.api.EndpointPort;
import dev.skiff.api.EndpointSubset;
import dev.skiff.api.Endpoints;
import dev.skiff.api.Json;
import dev.skiff.api.Node;
import dev.skiff.api.Pod;
import dev.skiff.api.Service;
import dev.skiff.chaos.ChaosKinds;
import dev.skiff.chaos.ChaosPhase;
import dev.skiff.chaos.Fault;
import dev.skiff.chaos.FaultLifetime;
import dev.skiff.chaos.NetworkChaos;
import dev.skiff.chaos.NodeChaos;
import dev.skiff.chaos.PodChaos;
import dev.skiff.client.Client;
import dev.skiff.controllers.replicaset.Pods;
import dev.skiff.store.Store;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 9's remaining proofs on one local cluster (skiff up, 2 agents, process runtime, hello's
 * 3 busybox httpd replicas behind a Service): the hypothesis holds through a node-down; a 200 ms
 * network delay is measured by the probe and gone after its duration; a SIGKILLed shell's fault
 * ends within the lease TTL; {@code chaos halt} reverts a pause, a delay and a node-down at once;
 * the dry-run monkey records kills and changes nothing.
 */
@Tag("slow")
@Timeout(value = 600, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosProofIT {
    static final String NS = "default";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    LocalSkiff local;
    Store store;
    Client client;

    @BeforeAll
    void up() throws IOException {
        local = new LocalSkiff(Files.createTempDirectory("skiff-chaos-proof-"));
        local.upWithHello(2);
        store = local.connect();
        ChaosKinds.register();
        client = new Client(store, Clock.systemUTC());
    }

    @AfterAll
    void down() {
        if (store != null) store.close();
        if (local != null) local.down();
    }

    /** Each proof starts from hello fully rolled out. */
    void helloSteady() {
        ok(local.skiff(200, "rollout", "status", "deploy/hello", "--timeout", "180s"));
        await("3 ready hello pods", Duration.ofSeconds(120), () -> helloPods().stream().filter(Pods::ready).count() == 3);
    }

    @Test
    @Order(1)
    void theHypothesisHoldsThroughANodeDown() throws Exception {
        helloSteady();
        // the node holding the most hello pods short of all of them (blast radius: all but one)
        Map<String, Long> perNode = helloPods().stream().collect(Collectors.groupingBy(p -> p.spec().nodeName(), TreeMap::new,
                Collectors.counting()));
        String node = perNode.entrySet().stream().filter(e -> e.getValue() < 3).max(Map.Entry.comparingByValue())
                .orElseThrow(() -> new AssertionError("all hello pods on one node: " + perNode)).getKey();
        Path file = local.home.resolve("node-down.yaml");
        Files.writeString(file, """
                title: hello survives losing a node
                steady-state-hypothesis:
                  probes:
                  - type: probe
                    name: hello-answers
                    tolerance: [0.99, 1.0]
                    within: 30s
                    provider: {type: http, url: svc/hello/, rate: 50, duration: 2s}
                    continuous: {period: 2s, failAfter: 3}
                  - type: probe
                    name: three-ready
                    tolerance: 3
                    within: 120s
                    provider: {type: pods, selector: app=hello, ready: true}
                method:
                - type: action
                  name: power off %s
                  provider: {type: node-down, duration: 20s, selector: {nodes: [%s]}}
                  pauses: {after: 24}
                """.formatted(node, node));
        Path journal = local.home.resolve("node-down.json");
        Repo.Result run = local.skiff(300, "chaos", "run", file.toString(), "--journal", journal.toString());
        System.out.println("node-down of " + node + " " + perNode + ":\n" + run.out() + run.err());
        ok(run);
        JsonNode j = Json.json().readTree(Files.readString(journal));
        assertThat(j.path("status").asText()).isEqualTo("completed");
        assertThat(j.path("deviated").asBoolean()).isFalse();
        List<Double> ratios = new ArrayList<>();
        j.path("timeline").forEach(s -> ratios.add(s.path("value").asDouble()));
        System.out.println("node-down: success ratio per 2 s sample at 50 req/s: " + ratios);
        assertThat(ratios).as("continuous samples through the 20 s outage").hasSizeGreaterThanOrEqualTo(8);
        assertThat(ratios).as("every sample meets the hypothesis").allSatisfy(r -> assertThat(r).isGreaterThanOrEqualTo(0.99));
        assertThat(j.path("steadyStateAfter").path("met").asBoolean()).isTrue();
        assertThat(j.path("steadyStateAfter").path("probes").get(1).path("value").asInt()).as("replicas back").isEqualTo(3);
        JsonNode fault = j.path("faults").get(0);
        assertThat(fault.path("action").asText()).isEqualTo("node-down");
        assertThat(fault.path("phase").asText()).isEqualTo("Finished");
        assertThat(fault.path("endReason").asText()).isEqualTo("DurationElapsed");
        assertThat(fault.path("targets").get(0).path("recoveredAt").isMissingNode()).as("journal: target recovered").isFalse();
        JsonNode step = j.path("run").get(0);
        assertThat(step.path("status").asText()).isEqualTo("succeeded");
        assertThat(step.path("endRevision").asLong()).isGreaterThan(step.path("startRevision").asLong());
        await(node + " Ready again", Duration.ofSeconds(60), () -> client.require(Node.class, null, node).ready());
    }

    @Test
    @Order(2)
    void aDelayIsMeasuredAndGoneAfterItsDuration() throws Exception {
        helloSteady();
        Path file = local.home.resolve("delay.yaml");
        Files.writeString(file, """
                title: hello under a 200 ms delay
                steady-state-hypothesis:
                  probes:
                  - type: probe
                    name: hello-answers
                    tolerance: [0.99, 1.0]
                    within: 30s
                    provider: {type: http, url: svc/hello/, rate: 20, duration: 1s}
                    continuous: {period: 1s, failAfter: 3}
                method:
                - type: action
                  name: delay hello
                  provider: {type: network-delay, mode: all, force: true, duration: 8s,
                             selector: {labelSelectors: {app: hello}}, delay: {latency: 200ms}}
                  pauses: {after: 14}
                """);
        Path journal = local.home.resolve("delay.json");
        Repo.Result run = local.skiff(300, "chaos", "run", file.toString(), "--journal", journal.toString());
        System.out.println("network-delay:\n" + run.out() + run.err());
        ok(run);
        JsonNode j = Json.json().readTree(Files.readString(journal));
        JsonNode fault = j.path("faults").get(0);
        assertThat(fault.path("phase").asText()).as(fault.toString()).isEqualTo("Finished");
        Instant injected = Instant.parse(fault.path("injected").asText());
        Instant ended = Instant.parse(fault.path("ended").asText());
        List<Double> during = new ArrayList<>();
        List<Double> after = new ArrayList<>();
        for (JsonNode s : j.path("timeline")) {
            Instant at = Instant.parse(s.path("time").asText());
            double p50 = s.path("details").path("p50Ms").asDouble();
            if (!at.isBefore(injected) && at.plusMillis(1500).isBefore(ended)) during.add(p50);
            if (at.isAfter(ended.plusMillis(500))) after.add(p50);
        }
        System.out.println("network-delay 200ms: probe p50 ms during " + during + ", after " + after);
        assertThat(during).as("samples inside the fault").isNotEmpty().allSatisfy(p -> assertThat(p).isGreaterThanOrEqualTo(200));
        assertThat(after).as("samples after the fault").isNotEmpty().allSatisfy(p -> assertThat(p).isLessThan(50));
        assertThat(j.path("status").asText()).isEqualTo("completed");
    }

    @Test
    @Order(3)
    void aSigkilledShellLeavesNoFaultBehind() throws Exception {
        helloSteady();
        Pod victim = helloPods().getFirst();
        URI direct = directUri(victim);
        assertThat(answers(direct)).as("the pod answers at " + direct).isTrue();
        Path out = local.home.resolve("pause.out");
        Process shell = local.start(out, "chaos", "pause", "pod", victim.name(), "--for", "5m");
        try {
            PodChaos fault = awaitInjected(PodChaos.class, victim.name(), out);
            assertThat(answers(direct)).as("frozen").isFalse();
            long t0 = System.nanoTime();
            shell.destroyForcibly(); // SIGKILL: no shutdown hook, no lease revoke
            assertThat(shell.waitFor(10, TimeUnit.SECONDS)).isTrue();
            await("the pod answers again", Duration.ofSeconds(30), () -> answers(direct));
            Duration back = Duration.ofNanos(System.nanoTime() - t0);
            await("the fault ends", Duration.ofSeconds(30), () -> ended(fault));
            Duration finished = Duration.ofNanos(System.nanoTime() - t0);
            var status = client.require(PodChaos.class, fault.namespace(), fault.name()).statusOrNew();
            System.out.printf("SIGKILL -> pod answering %d ms, -> fault Finished %d ms (lease TTL 5 s)%n", back.toMillis(),
                    finished.toMillis());
            assertThat(status.phase()).isEqualTo(ChaosPhase.FINISHED);
            assertThat(status.endReason()).isEqualTo(FaultLifetime.EndReason.LEASE_LOST.wire);
            assertThat(back).as("within the lease TTL (5 s) + CI slack").isLessThan(Duration.ofSeconds(15));
        } finally {
            shell.destroyForcibly();
        }
    }

    @Test
    @Order(4)
    void haltRevertsAPauseADelayAndANodeDownAtOnce() throws Exception {
        helloSteady();
        Pod paused = helloPods().getFirst();
        String down = client.list(Node.class, null).items().stream().map(Node::name)
                .filter(n -> !n.equals(paused.spec().nodeName())).findFirst().orElseThrow();
        URI direct = directUri(paused);
        URI viaService = serviceUri();
        Path delayFile = local.home.resolve("halt-delay.yaml");
        Files.writeString(delayFile, """
                apiVersion: chaos.skiff.dev/v1alpha1
                kind: NetworkChaos
                metadata: {name: halt-delay, namespace: default}
                spec: {action: delay, mode: all, force: true, duration: 5m, selector: {labelSelectors: {app: hello}},
                       delay: {latency: 300ms}}
                """);
        List<Process> shells = new ArrayList<>();
        try {
            shells.add(local.start(local.home.resolve("halt-pause.out"), "chaos", "pause", "pod", paused.name(), "--for", "5m", "--force"));
            shells.add(local.start(local.home.resolve("halt-down.out"), "chaos", "node-down", down, "--for", "5m", "--force"));
            ok(local.skiff(60, "apply", "-f", delayFile.toString()));
            PodChaos pause = awaitInjected(PodChaos.class, paused.name(), local.home.resolve("halt-pause.out"));
            NodeChaos nodeDown = awaitInjected(NodeChaos.class, down, local.home.resolve("halt-down.out"));
            NetworkChaos delay = client.require(NetworkChaos.class, NS, "halt-delay");
            await("the delay injected", Duration.ofSeconds(30), () -> injected(delay));
            assertThat(answers(direct)).as("paused").isFalse();

            Path haltOut = local.home.resolve("halt.out");
            long t0 = System.nanoTime();
            Process halt = local.start(haltOut, "chaos", "halt");
            Map<String, Long> ms = new TreeMap<>();
            Map<String, BooleanSupplier> reverted = Map.of(
                    "halt annotations written", () -> halted(pause) && halted(nodeDown) && halted(delay),
                    "pause: the pod answers", () -> answers(direct),
                    "delay: a request via the service < 100 ms", () -> fast(viaService),
                    "node-down: fault Finished (heartbeat back)", () -> ended(nodeDown),
                    "every fault Finished", () -> ended(pause) && ended(nodeDown) && ended(delay));
            while (ms.size() < reverted.size()) {
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("reverted so far " + ms).isLessThan(Duration.ofSeconds(30));
                reverted.forEach((what, done) -> {
                    if (!ms.containsKey(what) && done.getAsBoolean()) ms.put(what, (System.nanoTime() - t0) / 1_000_000);
                });
            }
            assertThat(halt.waitFor(30, TimeUnit.SECONDS)).isTrue();
            long exited = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("chaos halt: ms from the command's start " + ms + ", command exited " + exited + " ms\n"
                    + Files.readString(haltOut));
            assertThat(halt.exitValue()).as(Files.readString(haltOut)).isZero();
            assertThat(Files.readString(haltOut)).contains("halted 3 of 3 active faults");
            long fromAnnotation = ms.get("every fault Finished") - ms.get("halt annotations written");
            System.out.println("chaos halt: annotations written -> every fault Finished " + fromAnnotation + " ms");
            assertThat(fromAnnotation).as("reverted after the halt landed (1 s target; CI bound)").isLessThan(5000);
            for (Process s : shells) assertThat(s.waitFor(30, TimeUnit.SECONDS)).as("the fault's shell ends with it").isTrue();
            for (Fault f : List.of(pause, nodeDown, delay)) {
                assertThat(client.require(f.getClass(), f.namespace(), f.name()).statusOrNew().endReason())
                        .isEqualTo(FaultLifetime.EndReason.HALTED.wire);
            }
        } finally {
            shells.forEach(Process::destroyForcibly);
        }
        await(down + " Ready", Duration.ofSeconds(60), () -> client.require(Node.class, null, down).ready());
    }

    @Test
    @Order(5)
    void theDryRunMonkeyRecordsAndChangesNothing() throws Exception {
        helloSteady();
        Set<String> uids = helloPods().stream().map(p -> p.metadata().uid()).collect(Collectors.toSet());
        int faultsBefore = client.list(PodChaos.class, null).items().size();
        ok(local.skiff(60, "label", "deploy/hello", "chaos.skiff.dev/enabled=true", "chaos.skiff.dev/mtbf=2s"));
        try {
            ok(local.skiff(60, "chaos", "monkey", "start", "--window", "00:00-24:00", "--days", "Mon-Sun", "--timezone", "UTC"));
            long t0 = System.nanoTime();
            String status = "";
            while (!status.contains("DryRun")) {
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).as(status).isLessThan(Duration.ofSeconds(60));
                Thread.sleep(1000);
                Repo.Result r = local.skiff(60, "chaos", "monkey", "status");
                ok(r);
                status = r.out();
            }
            Thread.sleep(4000); // a few more mean times between failures
            Repo.Result r = local.skiff(60, "chaos", "monkey", "status");
            System.out.println("monkey status:\n" + r.out());
            assertThat(r.out()).contains("(dry run)", "deployment/default/hello", "DryRun");
            assertThat(helloPods().stream().map(p -> p.metadata().uid()).collect(Collectors.toSet()))
                    .as("no pod was killed").isEqualTo(uids);
            assertThat(client.list(PodChaos.class, null).items()).as("no fault created").hasSize(faultsBefore);
        } finally {
            ok(local.skiff(60, "chaos", "monkey", "stop"));
            ok(local.skiff(60, "label", "deploy/hello", "chaos.skiff.dev/enabled-", "chaos.skiff.dev/mtbf-"));
        }
    }

    // --- helpers

    List<Pod> helloPods() {
        return client.list(Pod.class, NS).items().stream().filter(p -> "hello".equals(p.metadata().labelsOrEmpty().get("app")))
                .filter(p -> p.metadata().deletionTimestamp() == null).sorted(Comparator.comparing(Pod::name)).toList();
    }

    /** The pod's own address (its endpoint), bypassing the service proxy. */
    URI directUri(Pod pod) {
        Endpoints e = client.require(Endpoints.class, NS, "hello");
        for (EndpointSubset s : e.subsets()) {
            for (EndpointAddress a : s.addresses() == null ? List.<EndpointAddress>of() : s.addresses()) {
                if (a.targetRef() != null && pod.name().equals(a.targetRef().name())) {
                    EndpointPort port = s.ports().getFirst();
                    return URI.create("http://" + a.ip() + ":" + port.port() + "/");
                }
            }
        }
        throw new AssertionError("no ready endpoint for " + pod.name() + " in " + e);
    }

    URI serviceUri() {
        Service svc = client.require(Service.class, NS, "hello");
        return URI.create("http://" + svc.spec().clusterIP() + ":" + svc.spec().portsOrEmpty().getFirst().port() + "/");
    }

    static boolean answers(URI uri) {
        return get(uri, Duration.ofSeconds(1)).isPresent();
    }

    static boolean fast(URI uri) {
        return get(uri, Duration.ofSeconds(1)).filter(ms -> ms < 100).isPresent();
    }

    /** The time a 200 answer took, in ms; empty when none came within {@code timeout}. */
    static Optional<Long> get(URI uri, Duration timeout) {
        long t0 = System.nanoTime();
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(uri).timeout(timeout).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200 ? Optional.of((System.nanoTime() - t0) / 1_000_000) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The fault of {@code type} targeting {@code target}, once its executor reported every target injected. */
    <F extends Fault> F awaitInjected(Class<F> type, String target, Path shellOut) {
        long t0 = System.nanoTime();
        while (true) {
            Optional<F> f = client.list(type, null).items().stream().filter(x -> !x.statusOrNew().ended())
                    .filter(x -> x.statusOrNew().targets().stream().anyMatch(t -> t.name().equals(target)))
                    .filter(this::injected).findFirst();
            if (f.isPresent()) return f.get();
            try {
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).as(type.getSimpleName() + " on " + target + " injected; shell said: "
                        + Files.readString(shellOut)).isLessThan(Duration.ofSeconds(120));
                Thread.sleep(50);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    boolean injected(Fault f) {
        var targets = client.require(f.getClass(), f.namespace(), f.name()).statusOrNew().targets();
        return !targets.isEmpty() && targets.stream().allMatch(t -> t.injectedAt() != null);
    }

    boolean ended(Fault f) {
        return client.require(f.getClass(), f.namespace(), f.name()).statusOrNew().ended();
    }

    boolean halted(Fault f) {
        return "true".equals(client.require(f.getClass(), f.namespace(), f.name()).metadata().annotationsOrEmpty()
                .get(FaultLifetime.HALT_ANNOTATION));
    }

    static void await(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + " within " + limit).isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
