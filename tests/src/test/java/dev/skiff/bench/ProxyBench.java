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
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The userspace proxy against a direct connection, same run (the proxy in this JVM, clients and
 * servers in a child JVM): small keep-alive HTTP
 * requests (req/s, p50/p99), a bulk transfer (MB/s), and the memory 1,000 idle proxied
 * connections cost.
 */
public final class ProxyBench {

    static final byte[] RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);
    private static final int CLIENTS = 4;
    private static final int ROUNDS = 5;
    private static final long BULK_BYTES = 512L << 20;
    private static final int BULK_ROUNDS = 3;

    public static void run() {
        try {
            bench();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The proxy runs here, as in an agent; the clients and servers run in a child JVM (its
     * {@link #main}), as pods would: in one JVM the proxy's threads and the workload's would share
     * one scheduler and heap, which no node has.
     */
    private static void bench() throws Exception {
        PortKey httpKey = new PortKey("bench", "http", "", Protocol.TCP);
        PortKey bulkKey = new PortKey("bench", "bulk", "", Protocol.TCP);
        PortKey idleKey = new PortKey("bench", "idle", "", Protocol.TCP);
        Frontend fh = new Frontend("127.77.254.1", free(), Protocol.TCP);
        Frontend fb = new Frontend("127.77.254.2", free(), Protocol.TCP);
        Frontend fi = new Frontend("127.77.254.3", free(), Protocol.TCP);
        Process load = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ProxyBench.class.getName(),
                fh.address() + ":" + fh.port(), fb.address() + ":" + fb.port(), fi.address() + ":" + fi.port())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (ServiceProxy proxy = new ServiceProxy(ProxyConfig.forNode("127.0.0.1"), Clock.systemUTC());
             BufferedReader from = new BufferedReader(new InputStreamReader(load.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter to = new PrintWriter(load.getOutputStream(), true, StandardCharsets.UTF_8)) {
            String[] ports = from.readLine().split(" "); // "PORTS http bulk idle"
            proxy.apply(new ProxyTable(Map.of(fh, httpKey, fb, bulkKey, fi, idleKey), Map.of(
                    httpKey, new Route(httpKey, List.of(new Backend("127.0.0.1", Integer.parseInt(ports[1]))), null),
                    bulkKey, new Route(bulkKey, List.of(new Backend("127.0.0.1", Integer.parseInt(ports[2]))), null),
                    idleKey, new Route(idleKey, List.of(new Backend("127.0.0.1", Integer.parseInt(ports[3]))), null))));
            to.println("GO");
            long[] before = null;
            for (String line; (line = from.readLine()) != null; ) {
                switch (line) {
                    case "IDLE?" -> {
                        before = memory();
                        to.println("OPEN");
                    }
                    case "OPENED" -> {
                        while (proxy.openConnections() < 1000) Thread.sleep(10);
                        Thread.sleep(500);
                        long[] after = memory();
                        System.out.printf("%-34s %12s %12.1f MB heap + %.1f MB direct buffers (the proxy's JVM)%n",
                                "memory per 1,000 idle connections", "", (after[0] - before[0]) / 1048576.0,
                                (after[1] - before[1]) / 1048576.0);
                        to.println("DONE");
                    }
                    default -> System.out.println(line);
                }
            }
        } finally {
            if (!load.waitFor(30, TimeUnit.SECONDS)) load.destroyForcibly();
        }
    }

    /** The load JVM: servers, then the clients' figures on stdout, answering the proxy's JVM on stdin. */
    public static void main(String[] args) throws Exception {
        ServerSocket http = server(ProxyBench::serveHttp);
        ServerSocket bulk = server(ProxyBench::serveBulk);
        ServerSocket idle = server(s -> { });
        BufferedReader proxyJvm = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("PORTS " + http.getLocalPort() + " " + bulk.getLocalPort() + " " + idle.getLocalPort());
        System.out.flush();
        if (!"GO".equals(proxyJvm.readLine())) throw new IllegalStateException("the proxy's JVM did not start");
        InetSocketAddress directHttp = new InetSocketAddress("127.0.0.1", http.getLocalPort());
        InetSocketAddress proxiedHttp = address(args[0]);
        requests(directHttp, 1); // warm-up
        requests(proxiedHttp, 1);
        // alternating one-second rounds, so a neighbour's load burst hits both sides alike
        List<Result> ds = new ArrayList<>();
        List<Result> ps = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            ds.add(requests(directHttp, 1));
            ps.add(requests(proxiedHttp, 1));
        }
        Result d = median(ds);
        Result p = median(ps);
        System.out.printf("%-34s %12s %12s %8s%n", "small HTTP requests (" + CLIENTS + " clients, median of " + ROUNDS + " 1 s rounds)", "direct", "proxy", "ratio");
        System.out.printf("%-34s %12.0f %12.0f %7.0f%%%n", "requests/s", d.rate, p.rate, 100 * p.rate / d.rate);
        System.out.printf("%-34s %12.3f %12.3f %+8.3f%n", "p50 latency ms", d.p50, p.p50, p.p50 - d.p50);
        System.out.printf("%-34s %12.3f %12.3f %+8.3f%n", "p99 latency ms", d.p99, p.p99, p.p99 - d.p99);
        System.out.printf("%-34s %12.1f %12.1f %+8.1f%n", "CPU µs per request (load JVM)", d.cpuMicros, p.cpuMicros,
                p.cpuMicros - d.cpuMicros);
        InetSocketAddress directBulk = new InetSocketAddress("127.0.0.1", bulk.getLocalPort());
        InetSocketAddress proxiedBulk = address(args[1]);
        bulk(directBulk);
        bulk(proxiedBulk);
        double[] bds = new double[BULK_ROUNDS];
        double[] bps = new double[BULK_ROUNDS];
        for (int i = 0; i < BULK_ROUNDS; i++) {
            bds[i] = bulk(directBulk);
            bps[i] = bulk(proxiedBulk);
        }
        double bd = median(bds);
        double bp = median(bps);
        System.out.printf("%-34s %12.0f %12.0f %7.0f%%%n", "bulk transfer MB/s (512 MB, median of " + BULK_ROUNDS + ")", bd, bp, 100 * bp / bd);
        System.out.println("IDLE?");
        System.out.flush();
        if (!"OPEN".equals(proxyJvm.readLine())) throw new IllegalStateException("the proxy's JVM went away");
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Socket s = new Socket();
            s.connect(address(args[2]));
            sockets.add(s);
        }
        System.out.println("OPENED");
        System.out.flush();
        proxyJvm.readLine(); // DONE
        for (Socket s : sockets) s.close();
        System.exit(0);
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
                try (Socket s = new Socket()) {
                    s.setTcpNoDelay(true);
                    s.connect(to);
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    while (System.nanoTime() < end && n < lat.length) {
                        long t0 = System.nanoTime();
                        out.write(req);
                        readFully(in, buf);
                        lat[n++] = System.nanoTime() - t0;
                    }
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
        if (total != BULK_BYTES) throw new IllegalStateException("bulk transfer got " + total + " bytes");
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
