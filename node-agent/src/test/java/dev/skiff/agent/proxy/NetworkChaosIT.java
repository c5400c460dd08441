package dev.skiff.agent.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.agent.proxy.chaos.ChaosFilter;
import dev.skiff.agent.proxy.chaos.NetworkRule;
import dev.skiff.api.Protocol;
import dev.skiff.chaos.Direction;
import dev.skiff.chaos.NetworkChaosAction;
import dev.skiff.chaos.NetworkChaosSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * NetworkChaos through a real {@link ServiceProxy} over loopback sockets: the {@link ChaosFilter}
 * in front of tiny echo servers, measured from a real client.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NetworkChaosIT {

    private static final PortKey WEB = new PortKey("default", "web", "http", Protocol.TCP);
    private TinyServers servers;
    private ServiceProxy proxy;
    private ChaosFilter chaos;
    private Frontend front;
    private Backend echo;

    @BeforeEach
    void setUp() throws IOException {
        servers = new TinyServers();
        proxy = new ServiceProxy(ProxyConfig.forNode("127.0.0.1"), Clock.systemUTC());
        chaos = new ChaosFilter();
        proxy.setFilter(chaos);
        front = new Frontend("127.77.251." + (1 + (int) (Math.random() * 250)), TinyServers.freePort(), Protocol.TCP);
        echo = servers.named("echo");
        route(echo);
    }

    @AfterEach
    void tearDown() throws Exception {
        chaos.update(List.of()); // lets held connections go
        proxy.close();
        servers.close();
    }

    private void route(Backend b) {
        proxy.apply(new ProxyTable(Map.of(front, WEB), Map.of(WEB, new Route(WEB, List.of(b), null))));
    }

    // ---- rules

    private static NetworkChaosSpec spec(NetworkChaosAction action, Direction direction, NetworkChaosSpec.Delay delay,
                                         NetworkChaosSpec.Loss loss, NetworkChaosSpec.Reset reset, NetworkChaosSpec.Bandwidth bw) {
        return new NetworkChaosSpec(action, null, null, null, null, direction, null, delay, loss, reset, bw, null);
    }

    private static NetworkChaosSpec delay(String latency, String jitter, Direction d) {
        return spec(NetworkChaosAction.DELAY, d, new NetworkChaosSpec.Delay(latency, jitter, null), null, null, null);
    }

    private static NetworkChaosSpec partition(Direction d) {
        return spec(NetworkChaosAction.PARTITION, d, null, null, null, null);
    }

    private static NetworkRule rule(NetworkChaosSpec spec, Backend b, String... services) {
        return new NetworkRule("uid-" + spec.actionName(), spec, Set.of(new InetSocketAddress(b.ip(), b.port())), Set.of(services));
    }

    // ---- client side

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(front.address(), front.port()), 2000);
        s.setSoTimeout(5000);
        return s;
    }

    private static BufferedReader reader(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Millis for one line to go to the echo server and back. */
    private static double roundTrip(Socket s, BufferedReader in) throws IOException {
        long t0 = System.nanoTime();
        s.getOutputStream().write("ping\n".getBytes(StandardCharsets.UTF_8));
        assertThat(in.readLine()).isEqualTo("ping");
        return (System.nanoTime() - t0) / 1e6;
    }

    private List<Double> roundTrips(int n) throws IOException {
        List<Double> ms = new ArrayList<>();
        try (Socket s = connect()) {
            BufferedReader in = reader(s);
            assertThat(in.readLine()).isEqualTo("echo");
            for (int i = 0; i < n; i++) ms.add(roundTrip(s, in));
        }
        return ms;
    }

    private static double median(List<Double> xs) {
        List<Double> sorted = xs.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    // ---- tests

    @Test
    void delayHoldsEachRequestByTheLatencyAndIsGoneOnceTheRuleIs() throws Exception {
        chaos.update(List.of(rule(delay("200ms", null, Direction.TO), echo)));
        List<Double> delayed = roundTrips(9);
        assertThat(median(delayed)).isBetween(160.0, 240.0);
        chaos.update(List.of());
        assertThat(median(roundTrips(9))).isLessThan(40.0);
    }

    @Test
    void delayInBothDirectionsDelaysTheRequestAndTheResponse() throws Exception {
        chaos.update(List.of(rule(delay("150ms", null, Direction.BOTH), echo)));
        assertThat(median(roundTrips(5))).isBetween(260.0, 340.0);
    }

    @Test
    void jitterSpreadsTheDelayAroundTheLatency() throws Exception {
        chaos.update(List.of(rule(delay("100ms", "80ms", Direction.TO), echo)));
        List<Double> ms = roundTrips(20);
        double min = ms.stream().mapToDouble(d -> d).min().orElseThrow();
        double max = ms.stream().mapToDouble(d -> d).max().orElseThrow();
        assertThat(max - min).as("spread of %s", ms).isGreaterThan(50);
        assertThat(min).isGreaterThanOrEqualTo(19.0);
        assertThat(max).isLessThan(300.0);
    }

    @Test
    void resetResetsAShareOfConnections() throws Exception {
        chaos.update(List.of(rule(spec(NetworkChaosAction.RESET, null, null, null, new NetworkChaosSpec.Reset("50"), null), echo)));
        int reset = 0;
        for (int i = 0; i < 100; i++) {
            try (Socket s = connect()) {
                if (!"echo".equals(reader(s).readLine())) reset++;
            } catch (IOException e) {
                reset++;
            }
        }
        assertThat(reset).isBetween(25, 75); // binomial(100, 0.5): sd 5
    }

    @Test
    void lossBlackHolesAShareOfNewConnections() throws Exception {
        chaos.update(List.of(rule(spec(NetworkChaosAction.LOSS, null, null, new NetworkChaosSpec.Loss("30", null), null, null), echo)));
        int n = 60;
        List<Callable<Boolean>> clients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clients.add(() -> {
                try (Socket s = connect()) {
                    s.setSoTimeout(1000);
                    return "echo".equals(reader(s).readLine());
                } catch (SocketTimeoutException e) {
                    return false;
                }
            });
        }
        int lost = 0;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<Boolean> f : pool.invokeAll(clients)) if (!f.get()) lost++;
        }
        assertThat(lost).isBetween(6, 30); // binomial(60, 0.3): mean 18, sd 3.5
    }

    @Test
    void bandwidthCapsTheTransferRate() throws Exception {
        Backend bulk = bulkServer(1_000_000);
        route(bulk);
        chaos.update(List.of(rule(spec(NetworkChaosAction.BANDWIDTH, Direction.FROM, null, null, null,
                new NetworkChaosSpec.Bandwidth("500kbps", null, null)), bulk)));
        long t0 = System.nanoTime();
        long got = 0;
        try (Socket s = connect()) {
            InputStream in = s.getInputStream();
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) >= 0) got += n;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(got).isEqualTo(1_000_000);
        // 500,000 bytes/s after a 50,000-byte burst: 1.9 s
        assertThat(seconds).isBetween(1.9 * 0.7, 1.9 * 1.3);
    }

    @Test
    void aPartitionWithASendingSideBlackHolesTheSourcePodsConnectionsOnly() throws Exception {
        chaos.update(List.of(new NetworkRule("uid-cut", partition(Direction.TO), Set.of(new InetSocketAddress(echo.ip(),
                echo.port())), Set.of(), Set.of("uid-source"))));
        // two real processes marked as pods, as the process runtime marks them, each reading the greeting
        Process source = client("uid-source");
        Process other = client("uid-other");
        Process host = client(null);
        assertThat(output(other)).as("a pod not in the source set").isEqualTo("echo");
        assertThat(output(host)).as("a host process: no pod, not a source").isEqualTo("echo");
        assertThat(output(source)).as("the source pod's connection is black-holed").isEqualTo("TIMEOUT");
        chaos.update(List.of());
        assertThat(output(client("uid-source"))).as("after the partition").isEqualTo("echo");
    }

    /** A bash that connects through the proxy and prints the first line it gets in 3 s, else TIMEOUT. */
    private Process client(String podUid) throws IOException {
        String script = "exec 3<>/dev/tcp/" + front.address() + "/" + front.port() + " || { echo CONNFAIL; exit 1; }\n"
                + "if read -t 3 line <&3; then echo \"$line\"; else echo TIMEOUT; fi";
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true);
        pb.environment().remove(dev.skiff.agent.runtime.process.ProcessRuntime.POD_UID_ENV);
        if (podUid != null) pb.environment().put(dev.skiff.agent.runtime.process.ProcessRuntime.POD_UID_ENV, podUid);
        return pb.start();
    }

    private static String output(Process p) throws Exception {
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    }

    @Test
    void partitionBlackHolesNewConnectionsWhichGoOnWhenTheRuleEnds() throws Exception {
        chaos.update(List.of(rule(partition(Direction.TO), echo)));
        try (Socket s = connect()) {
            s.setSoTimeout(500);
            BufferedReader in = reader(s);
            assertThatThrownBy(in::readLine).isInstanceOf(SocketTimeoutException.class);
            s.setSoTimeout(5000);
            long t0 = System.nanoTime();
            chaos.update(List.of());
            assertThat(in.readLine()).isEqualTo("echo");
            assertThat((System.nanoTime() - t0) / 1e6).as("revert latency ms").isLessThan(300.0);
            assertThat(roundTrip(s, in)).isLessThan(100.0);
        }
    }

    @Test
    void anEstablishedConnectionIsHeldByANewPartitionAndRecoversWhenItEnds() throws Exception {
        try (Socket s = connect()) {
            BufferedReader in = reader(s);
            assertThat(in.readLine()).isEqualTo("echo");
            roundTrip(s, in);
            chaos.update(List.of(rule(partition(Direction.BOTH), echo)));
            s.setSoTimeout(500);
            assertThatThrownBy(() -> roundTrip(s, in)).isInstanceOf(SocketTimeoutException.class);
            s.setSoTimeout(5000);
            long t0 = System.nanoTime();
            chaos.update(List.of());
            assertThat(in.readLine()).isEqualTo("ping"); // held, not lost
            assertThat((System.nanoTime() - t0) / 1e6).as("revert latency ms").isLessThan(300.0);
        }
    }

    @Test
    void aChunkHeldByALongDelayGoesOnWhenTheRuleIsRemoved() throws Exception {
        try (Socket s = connect()) {
            BufferedReader in = reader(s);
            assertThat(in.readLine()).isEqualTo("echo");
            chaos.update(List.of(rule(delay("10s", null, Direction.TO), echo)));
            s.getOutputStream().write("late\n".getBytes(StandardCharsets.UTF_8));
            Thread.sleep(300);
            long t0 = System.nanoTime();
            chaos.update(List.of());
            assertThat(in.readLine()).isEqualTo("late");
            assertThat((System.nanoTime() - t0) / 1e6).as("revert latency ms").isLessThan(300.0);
        }
    }

    @Test
    void rulesForOtherBackendsOrServicesLeaveTheConnectionAlone() throws Exception {
        Backend other = servers.named("other");
        chaos.update(List.of(
                rule(partition(Direction.BOTH), other),
                rule(partition(Direction.BOTH), echo, "default/not-web"),
                rule(delay("1s", null, Direction.BOTH), other, "default/web")));
        assertThat(median(roundTrips(3))).isLessThan(100.0);
        chaos.update(List.of(rule(delay("200ms", null, Direction.TO), echo, "default/web")));
        assertThat(median(roundTrips(3))).isGreaterThan(150.0);
    }

    @Test
    void udpLossDropsDatagramsAndPartitionDropsThemAll() throws Exception {
        PortKey dns = new PortKey("default", "dns", "", Protocol.UDP);
        Frontend udp = new Frontend(front.address(), front.port(), Protocol.UDP);
        Backend u = servers.udp("u1");
        proxy.apply(new ProxyTable(Map.of(udp, dns), Map.of(dns, new Route(dns, List.of(u), null))));
        try (DatagramSocket client = new DatagramSocket()) {
            client.setSoTimeout(150);
            InetSocketAddress to = new InetSocketAddress(udp.address(), udp.port());
            assertThat(answered(client, to, 5)).isEqualTo(5);
            chaos.update(List.of(rule(partition(Direction.TO), u)));
            assertThat(answered(client, to, 5)).isZero();
            chaos.update(List.of(rule(spec(NetworkChaosAction.LOSS, Direction.TO, null, new NetworkChaosSpec.Loss("50", null), null, null), u)));
            assertThat(answered(client, to, 30)).isBetween(5, 25); // binomial(30, 0.5): sd 2.7
            chaos.update(List.of());
            assertThat(answered(client, to, 5)).isEqualTo(5);
        }
    }

    private static int answered(DatagramSocket client, InetSocketAddress to, int n) throws IOException {
        int ok = 0;
        for (int i = 0; i < n; i++) {
            byte[] q = ("q" + i).getBytes(StandardCharsets.UTF_8);
            client.send(new DatagramPacket(q, q.length, to));
            try {
                DatagramPacket reply = new DatagramPacket(new byte[100], 100);
                client.receive(reply);
                if (new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8).equals("u1:q" + i)) ok++;
            } catch (SocketTimeoutException e) {
                // lost
            }
        }
        return ok;
    }

    /** A server that sends {@code bytes} bytes to each client, then closes. */
    private Backend bulkServer(int bytes) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            try (server) {
                while (true) {
                    Socket s = server.accept();
                    Thread.ofVirtual().start(() -> {
                        try (s; OutputStream out = s.getOutputStream()) {
                            byte[] chunk = new byte[8192];
                            for (int left = bytes; left > 0; left -= chunk.length) out.write(chunk, 0, Math.min(left, chunk.length));
                        } catch (IOException e) {
                            // client gone
                        }
                    });
                }
            } catch (IOException e) {
                // closed
            }
        });
        servers.closeLater(server);
        return new Backend("127.0.0.1", server.getLocalPort());
    }
}
