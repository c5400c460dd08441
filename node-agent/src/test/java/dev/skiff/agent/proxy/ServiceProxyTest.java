package dev.skiff.agent.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.Protocol;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The userspace proxy over real loopback sockets: a 127.77.x.y frontend in front of tiny servers. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ServiceProxyTest {

    private static final PortKey WEB = new PortKey("default", "web", "http", Protocol.TCP);
    private TinyServers servers;
    private ServiceProxy proxy;
    private Frontend front;

    @BeforeEach
    void setUp() throws IOException {
        servers = new TinyServers();
        proxy = new ServiceProxy(ProxyConfig.forNode("127.0.0.1").withDrainTimeout(Duration.ofMillis(500)), Clock.systemUTC());
        front = new Frontend("127.77.250." + (1 + (int) (Math.random() * 250)), TinyServers.freePort(), Protocol.TCP);
    }

    @AfterEach
    void tearDown() throws Exception {
        proxy.close();
        servers.close();
    }

    private void route(Duration affinity, Backend... backends) {
        proxy.apply(new ProxyTable(Map.of(front, WEB), Map.of(WEB, new Route(WEB, List.of(backends), affinity))));
    }

    private String hello() throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(front.address(), front.port()), 2000);
            s.setSoTimeout(3000);
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }

    private Map<String, Integer> spread(int n) throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) counts.merge(hello(), 1, Integer::sum);
        return counts;
    }

    @Test
    void roundRobinsOverTheReadyBackends() throws Exception {
        route(null, servers.named("a"), servers.named("b"), servers.named("c"));
        assertThat(proxy.listening()).containsExactly(front);
        assertThat(spread(30)).containsExactlyInAnyOrderEntriesOf(Map.of("a", 10, "b", 10, "c", 10));
    }

    @Test
    void aRefusedBackendFallsThroughToTheNext() throws Exception {
        route(null, TinyServers.refusing(), servers.named("ok"), TinyServers.refusing());
        assertThat(spread(12)).containsExactly(Map.entry("ok", 12));
    }

    @Test
    void aBackendThatNeverAnswersFallsThroughToTheNextAfterTheConnectTimeout() throws Exception {
        route(null, servers.silent(), servers.named("ok"));
        long t0 = System.nanoTime();
        assertThat(spread(4)).containsExactly(Map.entry("ok", 4));
        // two of the four tried the silent one first and waited out the 1 s connect timeout
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }

    @Test
    void aTableBuiltBeforeAnotherIsNeverAppliedAfterIt() throws Exception {
        // the services' and the endpoints' informers refresh on two threads at once
        var built = new java.util.concurrent.CountDownLatch(1);
        var release = new java.util.concurrent.CountDownLatch(1);
        Thread older = Thread.ofPlatform().start(() -> proxy.rebuild(() -> {
            ProxyTable noBackendsYet = table();
            built.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return noBackendsYet;
        }));
        built.await();
        Backend ready = servers.named("ready");
        Thread newer = Thread.ofPlatform().start(() -> proxy.rebuild(() -> table(ready)));
        newer.join(500); // were the build outside the lock, the newer table would be applied by now
        release.countDown();
        older.join();
        newer.join();
        assertThat(proxy.table().routes().get(WEB).backends()).containsExactly(ready);
        assertThat(hello()).isEqualTo("ready");
    }

    private ProxyTable table(Backend... backends) {
        return new ProxyTable(Map.of(front, WEB), Map.of(WEB, new Route(WEB, List.of(backends), null)));
    }

    @Test
    void noBackendsIsARefusedConnection() throws Exception {
        route(null);
        assertThatThrownBy(this::hello).isInstanceOf(IOException.class);
    }

    @Test
    void clientIpAffinityKeepsAClientOnOneBackend() throws Exception {
        route(Duration.ofSeconds(60), servers.named("a"), servers.named("b"));
        assertThat(spread(10)).hasSize(1);
    }

    @Test
    void aNewTableAppliesAtOnceWithoutCuttingEstablishedConnections() throws Exception {
        Backend old = servers.named("old");
        route(null, old);
        try (Socket s = new Socket(front.address(), front.port())) {
            s.setSoTimeout(3000);
            var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("old");
            long t0 = System.nanoTime();
            route(null, servers.named("new"));
            assertThat(hello()).isEqualTo("new");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(100));
            // the established connection still works...
            s.getOutputStream().write("ping\n".getBytes(StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("ping");
            // ...until its backend's drain time (500 ms here) is over
            await().atMost(5, TimeUnit.SECONDS).until(() -> {
                try {
                    s.getOutputStream().write("x\n".getBytes(StandardCharsets.UTF_8));
                    return in.readLine() == null;
                } catch (IOException e) {
                    return true;
                }
            });
        }
        assertThat(proxy.openConnections()).isZero();
    }

    @Test
    void removedFrontendsStopListening() throws Exception {
        route(null, servers.named("a"));
        assertThat(hello()).isEqualTo("a");
        proxy.apply(new ProxyTable(Map.of(), Map.of()));
        assertThat(proxy.listening()).isEmpty();
        assertThatThrownBy(this::hello).isInstanceOf(IOException.class);
    }

    @Test
    void aConnectionFilterCanDelayEveryChunk() throws Exception {
        route(null, servers.named("slow"));
        List<Flow> seen = new ArrayList<>();
        proxy.setFilter(flow -> {
            seen.add(flow);
            return new Fault() {
                @Override
                public Action beforeForward(Direction direction, int bytes) {
                    if (direction == Direction.TO_CLIENT) sleep(300);
                    return Action.FORWARD;
                }
            };
        });
        long t0 = System.nanoTime();
        assertThat(hello()).isEqualTo("slow");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(seen).singleElement().satisfies(f -> {
            assertThat(f.service()).isEqualTo(WEB);
            assertThat(f.frontend()).isEqualTo(front);
        });
        proxy.setFilter(flow -> new Fault() {
            @Override
            public Action onConnect(Flow f) {
                return Action.RESET;
            }
        });
        assertThatThrownBy(this::hello).isInstanceOf(IOException.class);
    }

    @Test
    void aBulkTransferBothWaysArrivesWholeAndInOrderDespiteASlowReader() throws Exception {
        route(null, servers.named("echo"));
        assertThat(echoThroughProxy(16 << 20, () -> { })).isEqualTo(16 << 20);
    }

    @Test
    void aConnectionAChaosRuleStartsToApplyToMidStreamLosesNoBytes() throws Exception {
        route(null, servers.named("echo"));
        java.util.concurrent.atomic.AtomicBoolean ruled = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        proxy.setFilter(flow -> new Fault() {
            @Override
            public boolean idle() {
                return !ruled.get();
            }

            @Override
            public Action beforeForward(Direction direction, int bytes) {
                asked.incrementAndGet();
                return Action.FORWARD;
            }
        });
        assertThat(echoThroughProxy(16 << 20, () -> ruled.set(true))).isEqualTo(16 << 20);
        assertThat(asked.get()).isPositive(); // the copy went on under the fault's eye
    }

    /**
     * Streams {@code total} patterned bytes through the proxy to the echo server while reading the
     * echo (only after a pause, so the proxy's buffers fill and it must hold bytes back), runs
     * {@code midway} after a quarter, half-closes, and returns how many bytes came back intact
     * before the end of stream.
     */
    private long echoThroughProxy(int total, Runnable midway) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(front.address(), front.port()), 2000);
            s.setSoTimeout(10_000);
            var in = s.getInputStream();
            var out = s.getOutputStream();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    byte[] chunk = new byte[8192];
                    for (int sent = 0; sent < total; sent += chunk.length) {
                        for (int i = 0; i < chunk.length; i++) chunk[i] = (byte) ((sent + i) % 251);
                        out.write(chunk);
                    }
                    s.shutdownOutput();
                } catch (IOException e) {
                    // the reader sees the short count
                }
            });
            while (in.read() != '\n') {
                // the server's name line
            }
            Thread.sleep(300);
            long got = 0;
            byte[] buf = new byte[8192];
            boolean ran = false;
            for (int n; (n = in.read(buf)) >= 0; ) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] != (byte) ((got + i) % 251)) throw new AssertionError("byte " + (got + i) + " is wrong");
                }
                got += n;
                if (!ran && got >= total / 4) {
                    midway.run();
                    ran = true;
                }
            }
            writer.join();
            return got;
        }
    }

    @Test
    void udpDatagramsReachABackendAndRepliesComeBack() throws Exception {
        PortKey dns = new PortKey("default", "dns", "", Protocol.UDP);
        Frontend udp = new Frontend(front.address(), front.port(), Protocol.UDP);
        proxy.apply(new ProxyTable(Map.of(udp, dns), Map.of(dns, new Route(dns, List.of(servers.udp("u1")), null))));
        try (DatagramSocket client = new DatagramSocket()) {
            client.setSoTimeout(3000);
            byte[] q = "q1".getBytes(StandardCharsets.UTF_8);
            client.send(new DatagramPacket(q, q.length, new InetSocketAddress(udp.address(), udp.port())));
            DatagramPacket reply = new DatagramPacket(new byte[100], 100);
            client.receive(reply);
            assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8)).isEqualTo("u1:q1");
            assertThat(((InetSocketAddress) reply.getSocketAddress()).getPort()).isEqualTo(udp.port());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
