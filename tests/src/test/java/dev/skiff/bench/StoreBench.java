package dev.skiff.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.skiff.e2e.ServerProcess;
import dev.skiff.store.EtcdProcess;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import dev.skiff.store.StoreConfig;
import dev.skiff.testing.HollowNode;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The embedded store against etcd 3.4, both as child processes on this machine, through the same
 * jetcd client in the same run: put latency, pipelined throughput, a 1,000-key range, watch
 * latency, then an idle 3-node cluster (leases kept alive as agents do) for a window whose disk
 * writes and RSS are read from /proc. {@code -Dskiff.bench.idle=PT10M} sets the window.
 */
final class StoreBench {
    static final int SEQUENTIAL = 2000;
    static final int PIPELINED = 20_000;
    static final int IN_FLIGHT = 256;
    static final int RANGE_KEYS = 1000;
    static final int RANGES = 200;
    static final int WATCHED = 1000;
    static final byte[] VALUE = "x".repeat(256).getBytes(UTF_8);

    private StoreBench() {}

    static Duration idleWindow() {
        return Duration.parse(System.getProperty("skiff.bench.idle", "PT10M"));
    }

    /** What one server showed. */
    record Figures(double putP50, double putP99, double pipelinedPerSec, double bytesPerPut, double rangeP50,
                   double rangeP99, double watchP50, double watchP99) {}

    /** Over the idle window: bytes written, RSS at its end, CPU as a share of one core. */
    record Idle(long writeBytes, long rssBytes, double cpuPercent) {}

    static void run() {
        Path dir = TempDirs.create("skiff-store-bench");
        Duration window = idleWindow();
        try (EtcdProcess etcd = EtcdProcess.start();
                ServerProcess embedded = EmbeddedChild.store(dir.resolve("store"));
                ServerProcess server = EmbeddedChild.skiffServer(dir.resolve("server"))) {
            System.out.println("peer: etcd " + etcd.version() + "; embedded store and skiff server run with "
                    + EmbeddedChild.SERVER_JVM_FLAGS);
            System.out.println("idle window " + window + " (3 hollow nodes per server, leases kept alive), all three at once");
            Map<String, Idle> idle = idleAll(Map.of(
                    "etcd", new Target(etcd.config(), etcd::pid, () -> "etcd running=" + etcd.isRunning() + ", log " + etcd.logFile()),
                    "embedded", new Target(embedded.config(), embedded::pid, () -> "store alive=" + embedded.isAlive() + ":\n" + embedded.outputTail()),
                    "server", new Target(server.config(), server::pid, () -> "skiff server alive=" + server.isAlive() + ":\n" + server.outputTail())),
                    window);
            server.close();
            Figures e = measure(etcd.config(), etcd::pid);
            Figures m = measure(embedded.config(), embedded::pid);
            new Comparison("etcd", "embedded")
                    .add("sequential put p50 ms", e.putP50(), m.putP50())
                    .add("sequential put p99 ms", e.putP99(), m.putP99())
                    .add("pipelined puts/s (" + IN_FLIGHT + " in flight)", e.pipelinedPerSec(), m.pipelinedPerSec())
                    .add("disk bytes written per pipelined put", e.bytesPerPut(), m.bytesPerPut())
                    .add("range " + RANGE_KEYS + " keys p50 ms", e.rangeP50(), m.rangeP50())
                    .add("range " + RANGE_KEYS + " keys p99 ms", e.rangeP99(), m.rangeP99())
                    .add("watch put→event p50 ms", e.watchP50(), m.watchP50())
                    .add("watch put→event p99 ms", e.watchP99(), m.watchP99())
                    .add("idle disk writes, bytes in " + human(window), idle.get("etcd").writeBytes(),
                            idle.get("embedded").writeBytes())
                    .add("idle RSS MB", mb(idle.get("etcd").rssBytes()), mb(idle.get("embedded").rssBytes()))
                    .add("RSS MB after the load above", mb(ServerProcess.rssBytes(etcd.pid())), mb(embedded.rssBytes()))
                    .print();
            Idle s = idle.get("server");
            System.out.printf("skiff server (store + engine), idle: %,d bytes written in %s, RSS %.1f MB, CPU %.2f %% of a core%n",
                    s.writeBytes(), human(window), mb(s.rssBytes()), s.cpuPercent());
        } finally {
            TempDirs.deleteQuietly(dir);
        }
    }

    /** A loaded machine (other builds) makes a fresh JVM slow to answer: wait longer than a client would. */
    record Target(StoreConfig config, LongSupplier pid, Supplier<String> diagnostics) {
        Target {
            config = config.withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(60));
        }
    }

    /** Three hollow nodes per server, each on its own connection; counts bytes written during the window. */
    static Map<String, Idle> idleAll(Map<String, Target> targets, Duration window) {
        List<AutoCloseable> open = new ArrayList<>();
        try {
            for (Target t : targets.values()) {
                for (int i = 1; i <= 3; i++) {
                    try {
                        Store store = EtcdStore.connect(t.config());
                        open.add(store);
                        open.add(HollowNode.start(store, "node-" + i, "4", "8Gi", Map.of()));
                    } catch (RuntimeException e) {
                        throw new IllegalStateException("hollow node-" + i + " could not join " + t.diagnostics().get(), e);
                    }
                }
            }
            sleep(Duration.ofSeconds(10)); // registration and the engine's first reconciles settle
            Map<String, Long> before = new ConcurrentHashMap<>();
            Map<String, Long> ticksBefore = new ConcurrentHashMap<>();
            targets.forEach((name, t) -> {
                before.put(name, ServerProcess.procIo(t.pid().getAsLong(), "write_bytes"));
                ticksBefore.put(name, AgentBench.cpuTicks(t.pid().getAsLong()));
            });
            long t0 = System.nanoTime();
            sleep(window);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Idle> result = new ConcurrentHashMap<>();
            targets.forEach((name, t) -> {
                long pid = t.pid().getAsLong();
                double cpu = (AgentBench.cpuTicks(pid) - ticksBefore.get(name)) / 100.0 / seconds * 100.0; // ticks are 1/100 s
                result.put(name, new Idle(ServerProcess.procIo(pid, "write_bytes") - before.get(name), ServerProcess.rssBytes(pid), cpu));
            });
            return result;
        } finally {
            for (AutoCloseable c : open.reversed()) closeQuietly(c);
        }
    }

    static Figures measure(StoreConfig config, LongSupplier pid) {
        String[] endpoints = config.endpoints().stream().map(URI::toString).toArray(String[]::new);
        try (Client client = Client.builder().endpoints(endpoints).build()) {
            KV kv = client.getKVClient();
            sequentialPuts(kv, "/bench/warm/", 500);
            Stats put = sequentialPuts(kv, "/bench/seq/", SEQUENTIAL);
            long written = ServerProcess.procIo(pid.getAsLong(), "write_bytes");
            double rate = pipelinedPuts(kv);
            double bytesPerPut = (ServerProcess.procIo(pid.getAsLong(), "write_bytes") - written) / (double) PIPELINED;
            Stats range = ranges(kv);
            Stats watch = watchLatency(client, endpoints);
            return new Figures(put.percentileMs(50), put.percentileMs(99), rate, bytesPerPut,
                    range.percentileMs(50), range.percentileMs(99), watch.percentileMs(50), watch.percentileMs(99));
        }
    }

    private static Stats sequentialPuts(KV kv, String prefix, int n) {
        Stats stats = new Stats(n);
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            join(kv.put(bytes(prefix + i), ByteSequence.from(VALUE)));
            stats.add(System.nanoTime() - s);
        }
        return stats;
    }

    private static double pipelinedPuts(KV kv) {
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        AtomicInteger failed = new AtomicInteger();
        long t0 = System.nanoTime();
        for (int i = 0; i < PIPELINED; i++) {
            inFlight.acquireUninterruptibly();
            kv.put(bytes(String.format("/bench/pipe/%06d", i)), ByteSequence.from(VALUE)).whenComplete((r, e) -> {
                if (e != null) failed.incrementAndGet();
                inFlight.release();
            });
        }
        inFlight.acquireUninterruptibly(IN_FLIGHT);
        double rate = PIPELINED / ((System.nanoTime() - t0) / 1e9);
        if (failed.get() > 0) throw new IllegalStateException(failed.get() + " pipelined puts failed");
        return rate;
    }

    private static Stats ranges(KV kv) {
        for (int i = 0; i < RANGE_KEYS; i++) join(kv.put(bytes(String.format("/bench/range/%04d", i)), ByteSequence.from(VALUE)));
        GetOption prefix = GetOption.builder().isPrefix(true).build();
        for (int i = 0; i < 20; i++) join(kv.get(bytes("/bench/range/"), prefix)); // warm-up
        Stats stats = new Stats(RANGES);
        for (int i = 0; i < RANGES; i++) {
            long s = System.nanoTime();
            int got = join(kv.get(bytes("/bench/range/"), prefix)).getKvs().size();
            stats.add(System.nanoTime() - s);
            if (got != RANGE_KEYS) throw new IllegalStateException("range returned " + got + " keys, not " + RANGE_KEYS);
        }
        return stats;
    }

    /** From just before the put is sent to the event's arrival at a watcher on another connection. */
    private static Stats watchLatency(Client writer, String[] endpoints) {
        Stats stats = new Stats(WATCHED);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        CountDownLatch seen = new CountDownLatch(WATCHED);
        try (Client reader = Client.builder().endpoints(endpoints).build();
                Watch.Watcher watcher = reader.getWatchClient().watch(bytes("/bench/watch/"),
                        WatchOption.builder().isPrefix(true).build(), response -> response.getEvents().forEach(ev -> {
                            Long s = sentAt.remove(ev.getKeyValue().getKey().toString(UTF_8));
                            if (s != null) {
                                stats.add(System.nanoTime() - s);
                                seen.countDown();
                            }
                        }))) {
            join(writer.getKVClient().put(bytes("/bench/watch/ready"), ByteSequence.from(VALUE))); // the watch is set up
            sleep(Duration.ofMillis(500));
            for (int i = 0; i < WATCHED; i++) {
                String key = "/bench/watch/" + i;
                sentAt.put(key, System.nanoTime());
                join(writer.getKVClient().put(bytes(key), ByteSequence.from(VALUE)));
            }
            if (!seen.await(60, TimeUnit.SECONDS)) throw new IllegalStateException(seen.getCount() + " watch events never came");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return stats;
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, UTF_8);
    }

    private static <T> T join(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("store call failed: " + e, e);
        }
    }

    private static String human(Duration d) {
        return d.toSecondsPart() == 0 && d.toMinutes() > 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // best effort at the end of a benchmark
        }
    }
}
