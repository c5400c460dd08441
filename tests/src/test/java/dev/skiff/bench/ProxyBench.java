package dev.skiff.bench;

import dev.skiff.agent.proxy.Backend;
import dev.skiff.agent.proxy.Frontend;
import dev.skiff.agent.proxy.PortKey;
import dev.skiff.agent.proxy.ProxyConfig;
import dev.skiff.agent.proxy.ProxyTable;
import dev.skiff.agent.proxy.Route;
import dev.skiff.agent.proxy.ServiceProxy;
import dev.skiff.api.Protocol;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Skiff's userspace proxy against a direct connection and against HAProxy (TCP mode, the same
 * server, client and connection counts), same run: small keep-alive HTTP requests (req/s,
 * p50/p99), a bulk transfer (MB/s), and the memory 1,000 idle proxied connections cost.
 *
 * <p>Four processes, as on a node: this JVM only orchestrates; a load JVM runs the servers and
 * the clients (the pods), a proxy JVM runs {@link ServiceProxy} (the agent), and HAProxy is the
 * peer. Each comparison runs twice: with the 2 cores shared by everyone, and pinned
 * ({@code taskset}) with the proxies on core 1 and client + server on core 0 — that separates
 * "the small machine" from "our proxy".
 */
public final class ProxyBench {

    static final byte[] RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);
    private static final int CLIENTS = 4;
    private static final int ROUNDS = 5;
    private static final long BULK_BYTES = 512L << 20;
    private static final int BULK_ROUNDS = 3;
    private static final int IDLE = 1000;
    private static final String[] TARGETS = {"direct", "skiff", "haproxy"};

    public static void run() {
        try {
            String haproxy = onPath("haproxy");
            String taskset = onPath("taskset");
            compare(haproxy, null, null, true);
            compare(haproxy, List.of(taskset, "-c", "1"), List.of(taskset, "-c", "0"), false);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An executable on the PATH (or /usr/sbin, where Debian puts haproxy), or a loud failure. */
    private static String onPath(String name) {
        List<String> dirs = new ArrayList<>(Arrays.asList(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.add("/usr/sbin");
        for (String d : dirs) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) return p.toString();
        }
        throw new IllegalStateException(name + " is not installed (not on PATH " + dirs + "): the proxy benchmark "
                + "measures it as the peer; install the Debian package (apt-get install " + name + ", or ./run-tests "
                + "installs it)");
    }

    /**
     * One comparison. {@code proxyCpus}/{@code loadCpus}: a taskset prefix pinning the proxies and
     * the load, or null for none.
     */
    private static void compare(String haproxyBin, List<String> proxyCpus, List<String> loadCpus, boolean memory)
            throws Exception {
        System.out.println();
        System.out.println(proxyCpus == null
                ? "-- 2 cores shared by client, server and proxy (load average " + BenchMain.loadAverage() + ")"
                : "-- pinned: proxy (Skiff or HAProxy) on core 1, client + server on core 0 (load average " + BenchMain.loadAverage() + ")");
        Process load = javaChild(loadCpus, "load", memory ? "memory" : "no-memory");
        Process proxyJvm = null;
        Process haproxy = null;
        Path haCfg = Files.createTempFile("skiff-bench-haproxy", ".cfg");
        try (BufferedReader fromLoad = reader(load);
             PrintWriter toLoad = writer(load)) {
            String[] ports = expect(fromLoad, "PORTS").split(" "); // "PORTS http bulk idle"
            proxyJvm = javaChild(proxyCpus, "proxy", ports[1], ports[2], ports[3]);
            BufferedReader fromProxy = reader(proxyJvm);
            PrintWriter toProxy = writer(proxyJvm);
            String[] skiff = expect(fromProxy, "FRONTENDS").split(" ");
            int[] ha = {free(), free(), free()};
            Files.writeString(haCfg, haproxyConfig(ha, ports));
            List<String> cmd = new ArrayList<>(proxyCpus == null ? List.of() : proxyCpus);
            cmd.addAll(List.of(haproxyBin, "-db", "-q", "-f", haCfg.toString()));
            haproxy = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
            awaitListening(haproxy, ha[0]);
            toLoad.println("GO " + skiff[1] + " " + skiff[2] + " " + skiff[3] + " 127.0.0.1:" + ha[0]
                    + " 127.0.0.1:" + ha[1] + " 127.0.0.1:" + ha[2]);
            long[] before = null;
            long haBefore = 0;
            for (String line; (line = fromLoad.readLine()) != null; ) {
                switch (line) {
                    case "IDLE?" -> {
                        toProxy.println("MEM 0");
                        before = parseMem(expect(fromProxy, "MEM"));
                        haBefore = rssKb(haproxy.pid());
                        toLoad.println("OPEN");
                    }
                    case "OPENED" -> {
                        toProxy.println("MEM " + IDLE);
                        long[] after = parseMem(expect(fromProxy, "MEM"));
                        Thread.sleep(500);
                        long haAfter = rssKb(haproxy.pid());
                        System.out.printf("%-40s skiff: %.1f MB heap + %.1f MB direct, RSS %+.1f MB; haproxy: RSS %+.1f MB%n",
                                "memory per " + IDLE + " idle connections", (after[0] - before[0]) / 1048576.0,
                                (after[1] - before[1]) / 1048576.0, (after[2] - before[2]) / 1048576.0,
                                (haAfter - haBefore) / 1024.0);
                        toLoad.println("DONE");
                    }
                    default -> System.out.println(line);
                }
            }
            toProxy.close();
        } finally {
            if (!load.waitFor(30, TimeUnit.SECONDS)) load.destroyForcibly();
            if (haproxy != null) haproxy.destroy();
            if (proxyJvm != null && !proxyJvm.waitFor(10, TimeUnit.SECONDS)) proxyJvm.destroyForcibly();
            if (haproxy != null && !haproxy.waitFor(10, TimeUnit.SECONDS)) haproxy.destroyForcibly();
            Files.deleteIfExists(haCfg);
        }
        if (load.exitValue() != 0) throw new IllegalStateException("the load JVM failed (exit " + load.exitValue() + ")");
        System.out.println("   load average after: " + BenchMain.loadAverage());
    }

    /** HAProxy in TCP mode, one frontend per Skiff frontend, threads as many as it has cores. */
    private static String haproxyConfig(int[] listen, String[] backendPorts) {
        StringBuilder b = new StringBuilder("""
                global
                    maxconn 4000
                defaults
                    mode tcp
                    timeout connect 5s
                    timeout client 1h
                    timeout server 1h
                """);
        String[] names = {"http", "bulk", "idle"};
        for (int i = 0; i < names.length; i++) {
            b.append("listen ").append(names[i]).append('\n')
                    .append("    bind 127.0.0.1:").append(listen[i]).append('\n')
                    .append("    server s 127.0.0.1:").append(backendPorts[i + 1]).append('\n');
        }
        return b.toString();
    }

    private static void awaitListening(Process p, int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            if (!p.isAlive()) throw new IllegalStateException("haproxy exited with " + p.exitValue() + " (its output is above)");
            try {
                new Socket("127.0.0.1", port).close();
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("haproxy did not listen on " + port + " within 10 s");
                Thread.sleep(20);
            }
        }
    }

    private static Process javaChild(List<String> cpus, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(cpus == null ? List.of() : cpus);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ProxyBench.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static BufferedReader reader(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    private static PrintWriter writer(Process p) {
        return new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    private static String expect(BufferedReader from, String word) throws IOException {
        String line = from.readLine();
        if (line == null || !line.startsWith(word + " ")) throw new IllegalStateException("expected " + word + " from a child, got " + line);
        return line;
    }

    private static long[] parseMem(String line) {
        String[] f = line.split(" ");
        return new long[] {Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])};
    }

    static long rssKb(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the RSS of " + pid, e);
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    /** The child JVMs: {@code load memory|no-memory} or {@code proxy HTTP BULK IDLE} (backend ports). */
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "load" -> load(args[1].equals("memory"));
            case "proxy" -> proxy(args);
            default -> throw new IllegalArgumentException("unknown role " + args[0]);
        }
    }

    /** The agent's side: the proxy, answering "MEM n" (wait for n open connections, then measure). */
    private static void proxy(String[] args) throws Exception {
        PortKey httpKey = new PortKey("bench", "http", "", Protocol.TCP);
        PortKey bulkKey = new PortKey("bench", "bulk", "", Protocol.TCP);
        PortKey idleKey = new PortKey("bench", "idle", "", Protocol.TCP);
        Frontend fh = new Frontend("127.77.254.1", free(), Protocol.TCP);
        Frontend fb = new Frontend("127.77.254.2", free(), Protocol.TCP);
        Frontend fi = new Frontend("127.77.254.3", free(), Protocol.TCP);
        try (ServiceProxy proxy = new ServiceProxy(ProxyConfig.forNode("127.0.0.1"), Clock.systemUTC());
             BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            proxy.apply(new ProxyTable(Map.of(fh, httpKey, fb, bulkKey, fi, idleKey), Map.of(
                    httpKey, new Route(httpKey, List.of(new Backend("127.0.0.1", Integer.parseInt(args[1]))), null),
                    bulkKey, new Route(bulkKey, List.of(new Backend("127.0.0.1", Integer.parseInt(args[2]))), null),
                    idleKey, new Route(idleKey, List.of(new Backend("127.0.0.1", Integer.parseInt(args[3]))), null))));
            System.out.println("FRONTENDS " + fh.address() + ":" + fh.port() + " " + fb.address() + ":" + fb.port()
                    + " " + fi.address() + ":" + fi.port());
            System.out.flush();
            for (String line; (line = in.readLine()) != null; ) {
                int want = Integer.parseInt(line.split(" ")[1]);
                while (proxy.openConnections() < want) Thread.sleep(10);
                if (want > 0) Thread.sleep(500);
                long[] m = memory();
                System.out.println("MEM " + m[0] + " " + m[1] + " " + rssKb(ProcessHandle.current().pid()) * 1024);
                System.out.flush();
            }
        }
        System.exit(0);
    }

    /** The pods' side: servers, then the clients' figures on stdout, answering the orchestrator on stdin. */
    private static void load(boolean memory) throws Exception {
        ServerSocket http = server(ProxyBench::serveHttp);
        ServerSocket bulk = server(ProxyBench::serveBulk);
        ServerSocket idle = server(s -> { });
        BufferedReader orchestrator = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("PORTS " + http.getLocalPort() + " " + bulk.getLocalPort() + " " + idle.getLocalPort());
        System.out.flush();
        String go = orchestrator.readLine();
        if (go == null || !go.startsWith("GO ")) throw new IllegalStateException("the orchestrator did not start: " + go);
        String[] a = go.split(" ");
        InetSocketAddress[] httpTo = {new InetSocketAddress("127.0.0.1", http.getLocalPort()), address(a[1]), address(a[4])};
        InetSocketAddress[] bulkTo = {new InetSocketAddress("127.0.0.1", bulk.getLocalPort()), address(a[2]), address(a[5])};
        for (InetSocketAddress to : httpTo) requests(to, 1); // warm-up
        // alternating one-second rounds, so a neighbour's load burst hits every side alike
        List<List<Result>> rounds = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < ROUNDS; i++) {
            for (int t = 0; t < TARGETS.length; t++) rounds.get(t).add(requests(httpTo[t], 1));
        }
        Result d = median(rounds.get(0));
        Result s = median(rounds.get(1));
        Result h = median(rounds.get(2));
        for (InetSocketAddress to : httpTo) requests(to, 1, true); // warm-up
        List<List<Result>> connects = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < ROUNDS; i++) {
            for (int t = 0; t < TARGETS.length; t++) connects.get(t).add(requests(httpTo[t], 1, true));
        }
        Result dc = median(connects.get(0));
        Result sc = median(connects.get(1));
        Result hc = median(connects.get(2));
        for (InetSocketAddress to : bulkTo) bulk(to);
        double[][] bulkRounds = new double[TARGETS.length][BULK_ROUNDS];
        for (int i = 0; i < BULK_ROUNDS; i++) {
            for (int t = 0; t < TARGETS.length; t++) bulkRounds[t][i] = bulk(bulkTo[t]);
        }
        System.out.printf("%-40s %10s %10s %10s %13s %15s %14s%n", "small HTTP requests (" + CLIENTS + " clients, median of "
                + ROUNDS + " 1 s rounds)", "direct", "skiff", "haproxy", "skiff/direct", "haproxy/direct", "skiff/haproxy");
        ratioRow("requests/s", d.rate, s.rate, h.rate);
        addedRow("p50 latency ms (added)", d.p50, s.p50, h.p50);
        addedRow("p99 latency ms (added)", d.p99, s.p99, h.p99);
        addedRow("client+server CPU µs per request", d.cpuMicros, s.cpuMicros, h.cpuMicros);
        ratioRow("new connection per request: requests/s", dc.rate, sc.rate, hc.rate);
        addedRow("  p50 latency ms (added)", dc.p50, sc.p50, hc.p50);
        ratioRow("bulk MB/s (512 MB, median of " + BULK_ROUNDS + ")", median(bulkRounds[0]), median(bulkRounds[1]),
                median(bulkRounds[2]));
        System.out.flush();
        List<Socket> sockets = new ArrayList<>();
        if (memory) {
            System.out.println("IDLE?");
            System.out.flush();
            if (!"OPEN".equals(orchestrator.readLine())) throw new IllegalStateException("the orchestrator went away");
            for (int i = 0; i < IDLE; i++) {
                for (String to : new String[] {a[3], a[6]}) {
                    Socket sock = new Socket();
                    sock.connect(address(to));
                    sockets.add(sock);
                }
            }
            System.out.println("OPENED");
            System.out.flush();
            orchestrator.readLine(); // DONE
        }
        for (Socket sock : sockets) sock.close();
        System.exit(0);
    }

    private static void ratioRow(String figure, double d, double s, double h) {
        System.out.printf("%-40s %10.0f %10.0f %10.0f %12.0f%% %14.0f%% %13.0f%%%n", figure, d, s, h,
                100 * s / d, 100 * h / d, 100 * s / h);
    }

    private static void addedRow(String figure, double d, double s, double h) {
        System.out.printf("%-40s %10.3f %10.3f %10.3f %+13.3f %+15.3f %+14.3f%n", figure, d, s, h, s - d, h - d, s - h);
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    record Result(double rate, double p50, double p99, double cpuMicros) {
    }

    /** Each figure's median over the rounds. */
    static Result median(List<Result> rounds) {
        return new Result(median(rounds.stream().mapToDouble(Result::rate).toArray()),
                median(rounds.stream().mapToDouble(Result::p50).toArray()),
                median(rounds.stream().mapToDouble(Result::p99).toArray()),
                median(rounds.stream().mapToDouble(Result::cpuMicros).toArray()));
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    static Result requests(InetSocketAddress to, long seconds) throws Exception {
        return requests(to, seconds, false);
    }

    /**
     * {@link #CLIENTS} clients sending small requests for {@code seconds}: over one keep-alive
     * connection each, or ({@code fresh}) over a new connection per request, whose latency then
     * includes the connect.
     */
    static Result requests(InetSocketAddress to, long seconds, boolean fresh) throws Exception {
        long cpu0 = cpuNanos();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<long[]> all = new ArrayList<>();
        AtomicLong count = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            long[] lat = new long[2_000_000];
            all.add(lat);
            threads.add(Thread.ofPlatform().start(() -> {
                byte[] req = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
                byte[] buf = new byte[RESPONSE.length];
                int n = 0;
                try {
                    Socket s = null;
                    while (System.nanoTime() < end && n < lat.length) {
                        long t0 = System.nanoTime();
                        if (s == null) {
                            s = new Socket();
                            s.setTcpNoDelay(true);
                            s.connect(to);
                        }
                        s.getOutputStream().write(req);
                        readFully(s.getInputStream(), buf);
                        if (fresh) {
                            s.close();
                            s = null;
                        }
                        lat[n++] = System.nanoTime() - t0;
                    }
                    if (s != null) s.close();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                lat[lat.length - 1] = n;
                count.addAndGet(n);
            }));
        }
        for (Thread t : threads) t.join();
        List<Long> merged = new ArrayList<>();
        for (long[] lat : all) {
            int n = (int) lat[lat.length - 1];
            for (int i = 0; i < n; i++) merged.add(lat[i]);
        }
        long[] sorted = merged.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return new Result(count.get() / (double) seconds, sorted[sorted.length / 2] / 1e6,
                sorted[(int) (sorted.length * 0.99)] / 1e6, (cpuNanos() - cpu0) / 1e3 / count.get());
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double bulk(InetSocketAddress from) throws IOException {
        long t0 = System.nanoTime();
        long total = 0;
        try (Socket s = new Socket()) {
            s.connect(from);
            InputStream in = s.getInputStream();
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) total += n;
        }
        if (total != BULK_BYTES) throw new IllegalStateException("bulk transfer from " + from + " got " + total + " bytes");
        return total / 1048576.0 / ((System.nanoTime() - t0) / 1e9);
    }

    /** Heap in use after a few GCs, and direct buffers in use. */
    private static long[] memory() throws InterruptedException {
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();
        long heap = heap();
        return new long[] {heap, direct.getMemoryUsed()};
    }

    private static long heap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    interface Handler {
        void serve(Socket s) throws IOException;
    }

    static ServerSocket server(Handler h) throws IOException {
        ServerSocket server = new ServerSocket(0, 2000, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    s.setTcpNoDelay(true);
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            h.serve(s);
                            if (!s.isClosed()) s.getInputStream().read(); // hold idle connections open
                        } catch (IOException e) {
                            // client gone
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server;
    }

    /** Minimal keep-alive HTTP: each request (ending in an empty line) gets the same tiny response. */
    static void serveHttp(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        int state = 0;
        int b;
        while ((b = in.read()) >= 0) {
            state = (b == '\r' && (state == 0 || state == 2)) ? state + 1 : (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
            if (state == 4) {
                out.write(RESPONSE);
                out.flush();
                state = 0;
            }
        }
    }

    private static void serveBulk(Socket s) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        OutputStream out = s.getOutputStream();
        for (long sent = 0; sent < BULK_BYTES; sent += chunk.length) out.write(chunk);
        s.shutdownOutput();
    }

    static void readFully(InputStream in, byte[] buf) throws IOException {
        int off = 0;
        while (off < buf.length) {
            int n = in.read(buf, off, buf.length - off);
            if (n < 0) throw new IOException("closed");
            off += n;
        }
    }

    static Backend backend(ServerSocket s) {
        return new Backend("127.0.0.1", s.getLocalPort());
    }

    static int free() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
