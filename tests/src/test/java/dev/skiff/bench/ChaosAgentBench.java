package dev.skiff.bench;

import dev.skiff.agent.Agent;
import dev.skiff.agent.AgentConfig;
import dev.skiff.agent.AgentNetworking;
import dev.skiff.agent.Backoff;
import dev.skiff.api.ContainerStatus;
import dev.skiff.api.Endpoints;
import dev.skiff.api.Json;
import dev.skiff.api.Namespace;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Pod;
import dev.skiff.api.Service;
import dev.skiff.chaos.ChaosMode;
import dev.skiff.chaos.ChaosPhase;
import dev.skiff.chaos.ChaosSelector;
import dev.skiff.chaos.FaultLifetime;
import dev.skiff.chaos.PodChaos;
import dev.skiff.chaos.PodChaosAction;
import dev.skiff.chaos.PodChaosSpec;
import dev.skiff.client.Client;
import dev.skiff.engine.Engine;
import dev.skiff.engine.EngineConfig;
import dev.skiff.store.EtcdProcess;
import dev.skiff.store.EtcdStore;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Agent-executed faults on a real engine and a real agent (process runtime, busybox httpd):
 * inject latency (fault created → the agent reports the target injected) and revert latency
 * (halt → the frozen httpd answers again) for pod-failure; container-kill created → reported
 * injected, and → the container restarted and answering; a network delay through the agent's
 * service proxy ({@link ChaosDelayBench}).
 */
final class ChaosAgentBench {
    static final int ROUNDS = 20;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ChaosAgentBench() {}

    static void measure(EtcdProcess etcd) {
        Path dir = TempDirs.create("skiff-chaos-agent-bench-");
        try (Store store = EtcdStore.connect(etcd.config());
             Engine engine = new Engine(store, EngineConfig.defaults().withIdentity("chaos-bench"), Clock.systemUTC(),
                     Engine.builtIn()).start()) {
            Agent agent = Agent.start(store, AgentConfig.of("bench-node", "127.0.0.1", dir.resolve("agent"))
                    .withBackoff(Backoff.withBase(Duration.ofMillis(100))).withNetwork(AgentNetworking.NONE.withProxy(true))
                    .withApiPort(0));
            try {
                run(store, engine, dir);
            } finally {
                agent.shutDownWithContainers(Duration.ofSeconds(1));
            }
        } finally {
            TempDirs.deleteQuietly(dir);
        }
    }

    private static void run(Store store, Engine engine, Path dir) {
        waitFor(() -> engine.isLeader() && engine.manager().isRunning());
        Client client = new Client(store, Clock.systemUTC());
        String ns = "chaosbench-agent";
        client.create(new Namespace(null, null, ObjectMeta.named(ns), null, null));
        httpd(client, ns, dir);
        waitFor(() -> endpoint(client, ns) != null);
        URI direct = endpoint(client, ns);
        waitFor(() -> "web".equals(get(direct)));
        podFailure(client, ns, direct);
        containerKill(client, ns, direct);
        ChaosDelayBench.measure(client, ns, service(client, ns));
    }

    private static void podFailure(Client client, String ns, URI direct) {
        Stats inject = new Stats(ROUNDS);
        Stats revert = new Stats(ROUNDS);
        for (int round = 0; round < ROUNDS; round++) {
            String name = "freeze-" + round;
            long t0 = System.nanoTime();
            client.create(PodChaos.of(ObjectMeta.named(ns, name), spec(PodChaosAction.POD_FAILURE)));
            waitFor(() -> injected(client, ns, name));
            inject.add(System.nanoTime() - t0);
            long t1 = System.nanoTime();
            halt(client, PodChaos.class, ns, name);
            waitFor(() -> "web".equals(get(direct)));
            revert.add(System.nanoTime() - t1);
            waitFor(() -> client.require(PodChaos.class, ns, name).statusOrNew().phase() == ChaosPhase.FINISHED);
        }
        print("pod-failure: created -> injected", inject);
        print("pod-failure: halt -> answering", revert);
    }

    private static void containerKill(Client client, String ns, URI direct) {
        Stats inject = new Stats(ROUNDS);
        Stats back = new Stats(ROUNDS);
        for (int round = 0; round < ROUNDS; round++) {
            String name = "kill-" + round;
            int before = restarts(client, ns);
            long t0 = System.nanoTime();
            client.create(PodChaos.of(ObjectMeta.named(ns, name), spec(PodChaosAction.CONTAINER_KILL)));
            waitFor(() -> injected(client, ns, name));
            inject.add(System.nanoTime() - t0);
            waitFor(() -> restarts(client, ns) > before && "web".equals(get(direct)));
            back.add(System.nanoTime() - t0);
        }
        print("container-kill: created -> injected", inject);
        print("container-kill: -> restarted, answering", back);
    }

    static void print(String figure, Stats s) {
        System.out.printf("%-14s %-34s %9.1f %9.1f%n", "etcd+agent", figure, s.percentileMs(50), s.percentileMs(99));
    }

    private static PodChaosSpec spec(PodChaosAction action) {
        return new PodChaosSpec(action, new ChaosSelector(null, Map.of("app", "web"), null, null, null, null), ChaosMode.ONE,
                null, null, null, action == PodChaosAction.CONTAINER_KILL ? List.of("httpd") : null, true);
    }

    private static boolean injected(Client client, String ns, String name) {
        var s = client.require(PodChaos.class, ns, name).statusOrNew();
        return !s.targets().isEmpty() && s.targets().stream().allMatch(t -> t.injectedAt() != null);
    }

    static <F extends dev.skiff.chaos.Fault> void halt(Client client, Class<F> type, String ns, String name) {
        client.modify(type, ns, name, f -> {
            var ann = new HashMap<>(f.metadata().annotationsOrEmpty());
            ann.put(FaultLifetime.HALT_ANNOTATION, "true");
            return type.cast(f.withMetadata(f.metadata().withAnnotations(ann)));
        });
    }

    private static int restarts(Client client, String ns) {
        var s = client.require(Pod.class, ns, "web").status();
        return s == null || s.containerStatuses() == null ? 0
                : s.containerStatuses().stream().mapToInt(ContainerStatus::restartCount).sum();
    }

    /** The web pod's own address (its endpoint), once the engine has listed it ready. */
    private static URI endpoint(Client client, String ns) {
        var e = client.get(Endpoints.class, ns, "web");
        if (e.isEmpty() || e.get().subsets() == null) return null;
        for (var s : e.get().subsets()) {
            if (s.addresses() != null && !s.addresses().isEmpty()) {
                return URI.create("http://" + s.addresses().getFirst().ip() + ":" + s.ports().getFirst().port() + "/");
            }
        }
        return null;
    }

    private static URI service(Client client, String ns) {
        Service svc = client.require(Service.class, ns, "web");
        return URI.create("http://" + svc.spec().clusterIP() + ":" + svc.spec().portsOrEmpty().getFirst().port() + "/");
    }

    private static void httpd(Client client, String ns, Path dir) {
        try {
            Path www = Files.createDirectories(dir.resolve("www"));
            client.create(Json.fromYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: web, namespace: %s, labels: {app: web}}
                    spec:
                      nodeName: bench-node
                      containers:
                      - name: httpd
                        image: busybox
                        workingDir: %s
                        command: [sh, -c, 'echo web > index.html; exec busybox httpd -f -p $PORT -h .']
                        ports: [{name: http, containerPort: 8080}]
                        readinessProbe: {httpGet: {path: /, port: http}, periodSeconds: 1}
                    """.formatted(ns, www), Pod.class));
            client.create(Json.fromYaml("""
                    apiVersion: v1
                    kind: Service
                    metadata: {name: web, namespace: %s}
                    spec: {selector: {app: web}, ports: [{port: 80, targetPort: http}]}
                    """.formatted(ns), Service.class));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String get(URI uri) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.body().strip();
        } catch (IOException e) {
            return "failed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void waitFor(BooleanSupplier condition) {
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
