package dev.skiff.bench;

import dev.skiff.agent.proxy.Backend;
import dev.skiff.agent.proxy.ConnectionFilter;
import dev.skiff.agent.proxy.Frontend;
import dev.skiff.agent.proxy.PortKey;
import dev.skiff.agent.proxy.ProxyConfig;
import dev.skiff.agent.proxy.ProxyTable;
import dev.skiff.agent.proxy.Route;
import dev.skiff.agent.proxy.ServiceProxy;
import dev.skiff.agent.proxy.chaos.ChaosFilter;
import dev.skiff.agent.proxy.chaos.NetworkRule;
import dev.skiff.api.Protocol;
import dev.skiff.chaos.Direction;
import dev.skiff.chaos.NetworkChaosAction;
import dev.skiff.chaos.NetworkChaosSpec;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * NetworkChaos in the proxy: what the chaos filter costs when no rule hits (no filter vs an empty
 * rule set vs a rule for another backend, small keep-alive HTTP requests), how exact a delay is
 * (50 ms, and 50 ms ± 20 ms), and how soon removing a rule releases a held request.
 */
public final class NetChaosBench {

    private static final long SECONDS = 3;

    private NetChaosBench() {
    }

    public static void run() {
        try {
            bench();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void bench() throws Exception {
        ServerSocket http = ProxyBench.server(ProxyBench::serveHttp);
        PortKey key = new PortKey("bench", "http", "", Protocol.TCP);
        Frontend front = new Frontend("127.77.254.9", ProxyBench.free(), Protocol.TCP);
        Backend backend = ProxyBench.backend(http);
        InetSocketAddress to = new InetSocketAddress(front.address(), front.port());
        try (ServiceProxy proxy = new ServiceProxy(ProxyConfig.forNode("127.0.0.1"), Clock.systemUTC())) {
            proxy.apply(new ProxyTable(Map.of(front, key), Map.of(key, new Route(key, List.of(backend), null))));
            ChaosFilter chaos = new ChaosFilter();
            ProxyBench.requests(to, 1); // warm-up
            System.out.printf("%-40s %12s %10s %10s%n", "small HTTP requests, 4 clients", "requests/s", "p50 ms", "p99 ms");
            for (int round = 0; round < 2; round++) {
                proxy.setFilter(ConnectionFilter.NONE);
                row("no filter", ProxyBench.requests(to, SECONDS));
                chaos.update(List.of());
                proxy.setFilter(chaos);
                row("chaos filter, no rules", ProxyBench.requests(to, SECONDS));
                chaos.update(List.of(rule(delay("1s", null), new Backend("127.0.0.2", 1))));
                row("chaos filter, a rule for another backend", ProxyBench.requests(to, SECONDS));
            }
            proxy.setFilter(chaos);
            chaos.update(List.of(rule(delay("50ms", null), backend)));
            row("delay 50ms (to)", ProxyBench.requests(to, SECONDS));
            chaos.update(List.of(rule(delay("50ms", "20ms"), backend)));
            row("delay 50ms ± 20ms (to)", ProxyBench.requests(to, SECONDS));
            revert(chaos, to, backend);
        } finally {
            http.close();
        }
    }

    private static void row(String what, ProxyBench.Result r) {
        System.out.printf("%-40s %12.0f %10.3f %10.3f%n", what, r.rate(), r.p50(), r.p99());
    }

    /** A request held by a partition; time from update(no rules) to its response. */
    private static void revert(ChaosFilter chaos, InetSocketAddress to, Backend backend) throws Exception {
        int rounds = 30;
        double[] ms = new double[rounds];
        byte[] req = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < rounds; i++) {
            try (Socket s = new Socket()) {
                s.connect(to);
                InputStream in = s.getInputStream();
                chaos.update(List.of(rule(new NetworkChaosSpec(NetworkChaosAction.PARTITION, null, null, null, null, Direction.BOTH,
                        null, null, null, null, null, null), backend)));
                s.getOutputStream().write(req);
                Thread.sleep(20);
                long t0 = System.nanoTime();
                chaos.update(List.of());
                ProxyBench.readFully(in, new byte[ProxyBench.RESPONSE.length]);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        Arrays.sort(ms);
        System.out.printf("%-40s %12s %10.3f %10.3f%n", "partition removed → held request answered", "", ms[rounds / 2], ms[rounds - 1]);
    }

    private static NetworkChaosSpec delay(String latency, String jitter) {
        return new NetworkChaosSpec(NetworkChaosAction.DELAY, null, null, null, null, Direction.TO, null,
                new NetworkChaosSpec.Delay(latency, jitter, null), null, null, null, null);
    }

    private static NetworkRule rule(NetworkChaosSpec spec, Backend b) {
        return new NetworkRule("bench", spec, Set.of(new InetSocketAddress(b.ip(), b.port())), Set.of());
    }
}
