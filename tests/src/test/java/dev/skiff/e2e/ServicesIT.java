package dev.skiff.e2e;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.EndpointAddress;
import dev.skiff.api.EndpointSubset;
import dev.skiff.api.Endpoints;
import dev.skiff.api.Node;
import dev.skiff.api.Pod;
import dev.skiff.api.Service;
import dev.skiff.client.Client;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import dev.skiff.store.StoreConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * SLOW end-to-end suite (about two minutes) for issue 6: a local cluster of 3 agents (process
 * runtime, {@code skiff up}) running busybox httpd and {@code skiff demo-app} behind Services.
 * Requests through a ClusterIP, a NodePort and DNS names; {@code dig} A and SRV answers from an
 * agent's DNS; a pod's service env vars against Kubernetes' format, byte for byte; and a client at
 * 50 requests/s through the ClusterIP while the demo pods are killed one by one (≥ 99 % success).
 */
@Tag("slow")
@Timeout(value = 600, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServicesIT {
    private static final String NS = "default";
    /** The unprivileged port an agent's DNS answers on (README). */
    private static final int DNS_PORT = 10053;
    private static final Pattern UP = Pattern.compile("local cluster up at (\\S+)");

    private static final String MANIFEST = """
            apiVersion: v1
            kind: Service
            metadata: {name: web-files}
            spec:
              selector: {app: web-files}
              ports:
              - {name: http, port: 80, targetPort: http}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: demo}
            spec:
              type: NodePort
              selector: {app: demo}
              ports:
              - {name: http, port: 80, targetPort: http}
              - {name: metrics, port: 9090, targetPort: http}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web-files}
            spec:
              replicas: 2
              selector: {matchLabels: {app: web-files}}
              template:
                metadata: {labels: {app: web-files}}
                spec:
                  containers:
                  - name: httpd
                    image: busybox:1
                    command: ["sh", "-c", "mkdir -p www && echo files from $HOSTNAME > www/index.html && exec busybox httpd -f -p $PORT -h www"]
                    ports: [{name: http, containerPort: 8080}]
                    readinessProbe: {httpGet: {path: /, port: http}, periodSeconds: 1}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: demo}
            spec:
              replicas: 3
              selector: {matchLabels: {app: demo}}
              template:
                metadata: {labels: {app: demo}}
                spec:
                  containers:
                  - name: app
                    image: skiff-demo
                    command: ["skiff", "demo-app"]
                    ports: [{name: http, containerPort: 8080}]
                    readinessProbe: {httpGet: {path: /readyz, port: http}, periodSeconds: 1, timeoutSeconds: 5}
            """;

    private static Path home;
    private static Map<String, String> env;
    private static Store store;
    private static Client client;
    /** The agents' addresses: 127.0.k.1… for whichever slot this cluster got (other local clusters may run). */
    private static List<String> nodes;

    /**
     * Its own SKIFF_HOME, so its own local cluster: that cluster takes a free address slot (LocalSlot),
     * so another local cluster on this machine (another test, another user) cannot answer its
     * cluster IPs, node ports or DNS queries. The CLI gets a generous store timeout through
     * $SKIFF_REQUEST_TIMEOUT, as a user on a loaded Pi would.
     */
    @BeforeAll
    static void upWithServices() throws IOException {
        home = Files.createTempDirectory("skiff-services-it");
        env = Map.of("SKIFF_HOME", home.toString(), "SKIFF_NO_BUILD", "1", "SKIFF_REQUEST_TIMEOUT", "60s");
        Repo.Result up = Repo.run(env, 240, "./skiff", "up", "--nodes", "3");
        assertThat(up.exitCode()).as(up.out() + up.err()).isZero();
        Matcher m = UP.matcher(up.out());
        assertThat(m.find()).as("skiff up names its endpoint: %s", up.out()).isTrue();
        store = EtcdStore.connect(StoreConfig.parse(m.group(1)).withTimeout(Duration.ofSeconds(30)));
        client = new Client(store, Clock.systemUTC());
        nodes = client.list(Node.class, null).items().stream().sorted(java.util.Comparator.comparing(n -> n.metadata().name()))
                .map(n -> n.status().addresses().getFirst().address()).toList();
        assertThat(nodes).hasSize(3);

        // both Deployments in one apply: the second must get its ReplicaSet too
        Path manifest = home.resolve("services.yaml");
        Files.writeString(manifest, MANIFEST);
        Repo.Result apply = Repo.run(env, 120, "./skiff", "apply", "-f", manifest.toString());
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        awaitReady("web-files", 2);
        awaitReady("demo", 3);
    }

    private static void awaitReady(String service, int replicas) {
        // generous: three demo-app JVMs start slowly on a loaded 2-core box (quiet: ~20 s)
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(ready(service)).as("ready endpoints of %s; pods: %s", service,
                        client.list(Pod.class, NS).items().stream()
                                .map(p -> p.metadata().name() + "=" + (p.status() == null ? "?" : p.status().phase())).toList())
                        .hasSize(replicas));
    }

    /** Runs even when the set-up failed half way: the cluster, its agents and their pods stop. */
    @AfterAll
    static void down() {
        if (store != null) store.close();
        if (env != null) {
            Repo.Result r = Repo.run(env, 120, "./skiff", "down");
            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        }
    }

    @Test
    @Order(1)
    void requestsThroughClusterIpNodePortAndDnsNamesSucceed() {
        Service files = service("web-files");
        Service demo = service("demo");
        assertThat(get(files.spec().clusterIP(), 80, "/")).matches("(?s)HTTP/1\\.[01] 200 .*").contains("files from web-files-");
        assertThat(get(demo.spec().clusterIP(), 80, "/")).startsWith("HTTP/1.1 200").contains("demo-");
        assertThat(get(demo.spec().clusterIP(), 9090, "/readyz")).startsWith("HTTP/1.1 200");

        int nodePort = demo.spec().ports().getFirst().nodePort();
        for (String node : nodes) {
            assertThat(get(node, nodePort, "/")).as("NodePort %d on %s", nodePort, node).startsWith("HTTP/1.1 200");
        }

        for (String name : List.of("demo.default.svc.cluster.local", "web-files.default.svc.cluster.local")) {
            String ip = dig("+short", name).strip();
            assertThat(get(ip, 80, "/")).as("%s resolved to %s", name, ip).contains(" 200 ");
        }
    }

    @Test
    @Order(2)
    void digGetsTheARecordAndTheSrvOfANamedPort() {
        Service demo = service("demo");
        assertThat(dig("+short", "demo.default.svc.cluster.local")).isEqualTo(demo.spec().clusterIP() + "\n");
        assertThat(dig("+short", "SRV", "_metrics._tcp.demo.default.svc.cluster.local"))
                .isEqualTo("0 100 9090 demo.default.svc.cluster.local.\n");
        assertThat(dig("+short", "SRV", "_http._tcp.web-files.default.svc.cluster.local"))
                .isEqualTo("0 100 80 web-files.default.svc.cluster.local.\n");
        String nx = dig("nosuch.default.svc.cluster.local");
        assertThat(nx).contains("status: NXDOMAIN");
    }

    @Test
    @Order(3)
    void aPodsServiceEnvVarsAreKubernetesFormatByteForByte() {
        String demoIp = service("demo").spec().clusterIP();
        String filesIp = service("web-files").spec().clusterIP();
        EndpointAddress pod = ready("demo").getFirst();
        String body = get(pod.ip(), port("demo", pod), "/env");
        String vars = body.lines().filter(l -> l.startsWith("DEMO_") || l.startsWith("WEB_FILES_")).sorted()
                .collect(Collectors.joining("\n", "", "\n"));
        // kubelet's envvars.go for two services that existed before the pod (sorted here for the comparison)
        String expected = Set.of(
                "DEMO_SERVICE_HOST=" + demoIp,
                "DEMO_SERVICE_PORT=80",
                "DEMO_SERVICE_PORT_HTTP=80",
                "DEMO_SERVICE_PORT_METRICS=9090",
                "DEMO_PORT=tcp://" + demoIp + ":80",
                "DEMO_PORT_80_TCP=tcp://" + demoIp + ":80",
                "DEMO_PORT_80_TCP_PROTO=tcp",
                "DEMO_PORT_80_TCP_PORT=80",
                "DEMO_PORT_80_TCP_ADDR=" + demoIp,
                "DEMO_PORT_9090_TCP=tcp://" + demoIp + ":9090",
                "DEMO_PORT_9090_TCP_PROTO=tcp",
                "DEMO_PORT_9090_TCP_PORT=9090",
                "DEMO_PORT_9090_TCP_ADDR=" + demoIp,
                "WEB_FILES_SERVICE_HOST=" + filesIp,
                "WEB_FILES_SERVICE_PORT=80",
                "WEB_FILES_SERVICE_PORT_HTTP=80",
                "WEB_FILES_PORT=tcp://" + filesIp + ":80",
                "WEB_FILES_PORT_80_TCP=tcp://" + filesIp + ":80",
                "WEB_FILES_PORT_80_TCP_PROTO=tcp",
                "WEB_FILES_PORT_80_TCP_PORT=80",
                "WEB_FILES_PORT_80_TCP_ADDR=" + filesIp)
                .stream().sorted().collect(Collectors.joining("\n", "", "\n"));
        assertThat(vars).isEqualTo(expected);
    }

    @Test
    @Order(4)
    void aClientAt50PerSecondSurvivesThePodsBeingKilledOneByOne() throws Exception {
        String ip = service("demo").spec().clusterIP();
        AtomicInteger ok = new AtomicInteger();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        Thread load = Thread.ofPlatform().start(() -> {
            long next = System.nanoTime();
            List<Thread> inFlight = new ArrayList<>();
            while (running.get()) {
                inFlight.add(Thread.ofVirtual().start(() -> {
                    try {
                        String r = get(ip, 80, "/");
                        if (r.startsWith("HTTP/1.1 200")) ok.incrementAndGet();
                        else failures.add(r.lines().findFirst().orElse("empty response"));
                    } catch (RuntimeException e) {
                        failures.add(String.valueOf(e.getMessage()));
                    }
                }));
                next += 20_000_000L; // 50 requests/s, whatever each one takes
                long sleep = next - System.nanoTime();
                if (sleep > 0) java.util.concurrent.locks.LockSupport.parkNanos(sleep);
            }
            for (Thread t : inFlight) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        try {
            for (EndpointAddress victim : ready("demo")) {
                String name = victim.targetRef().name();
                client.delete(Pod.class, NS, name);
                // a replacement demo-app JVM starts in ~5 s on a quiet box, much slower at load 20+
                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    assertThat(client.get(Pod.class, NS, name)).as("pod %s gone", name).isEmpty();
                    assertThat(ready("demo")).as("3 ready demo endpoints again").hasSize(3);
                });
            }
        } finally {
            running.set(false);
            load.join();
        }
        int total = ok.get() + failures.size();
        double ratio = ok.get() / (double) total;
        System.out.printf("ServicesIT: %d of %d requests through the ClusterIP succeeded while 3 pods were killed (%.2f %%); failures: %s%n",
                ok.get(), total, 100 * ratio, failures);
        assertThat(total).as("the client ran through the kills").isGreaterThan(100);
        assertThat(ratio).as("success ratio; failures: %s", failures).isGreaterThanOrEqualTo(0.99);
    }

    private static Service service(String name) {
        return client.require(Service.class, NS, name);
    }

    private static List<EndpointAddress> ready(String service) {
        return client.get(Endpoints.class, NS, service).map(Endpoints::subsets).orElse(List.of()).stream()
                .flatMap(s -> s.addresses() == null ? java.util.stream.Stream.empty() : s.addresses().stream())
                .toList();
    }

    /** The host port of one endpoint of {@code service} (process runtime: every pod has its own). */
    private static int port(String service, EndpointAddress address) {
        for (EndpointSubset s : client.require(Endpoints.class, NS, service).subsets()) {
            if (s.addresses() != null && s.addresses().contains(address)) return s.ports().getFirst().port();
        }
        throw new IllegalStateException(address + " is not an endpoint of " + service);
    }

    /** One HTTP/1.1 GET on a fresh connection ({@code Connection: close}): status line, headers and body. */
    static String get(String host, int port, String path) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException("GET http://" + host + ":" + port + path + ": " + e, e);
        }
    }

    /** dig against the first agent's DNS; fails loudly when dnsutils is missing. */
    private static String dig(String... args) {
        assertThat(Path.of("/usr/bin/dig")).as("dig is required: apt-get install dnsutils").exists();
        List<String> cmd = new ArrayList<>(List.of("dig", "@" + nodes.getFirst(), "-p", Integer.toString(DNS_PORT), "+time=2", "+tries=2"));
        cmd.addAll(List.of(args));
        Repo.Result r = Repo.run(Map.of(), 30, cmd.toArray(String[]::new));
        assertThat(r.exitCode()).as("%s: %s%s", cmd, r.out(), r.err()).isZero();
        return r.out();
    }
}
