package dev.skiff.bench;

import dev.skiff.api.ConfigMap;
import dev.skiff.api.Namespace;
import dev.skiff.api.ObjectMeta;
import dev.skiff.client.Client;
import dev.skiff.client.Informer;
import dev.skiff.client.ResourceHandler;
import dev.skiff.e2e.ServerProcess;
import dev.skiff.store.EtcdProcess;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import dev.skiff.store.StoreConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The typed client over real etcd and over the embedded store (both child processes, same run):
 * create/update throughput and latency, informer lag.
 */
final class ClientBench {
    static final int SEQUENTIAL = 1000;
    static final int CONCURRENT = 4000;
    static final int WRITERS = 32;

    private ClientBench() {}

    static void run() {
        Path dir = TempDirs.create("skiff-client-bench");
        try (EtcdProcess etcd = EtcdProcess.start(); ServerProcess embedded = EmbeddedChild.store(dir.resolve("store"))) {
            System.out.println("peers: etcd " + etcd.version() + ", and the embedded store as a child process "
                    + EmbeddedChild.SERVER_JVM_FLAGS);
            Figures e = measureOn(etcd.config());
            Figures m = measureOn(embedded.config());
            Comparison table = new Comparison("etcd", "embedded");
            e.addTo(table, m);
            table.print();
        } finally {
            TempDirs.deleteQuietly(dir);
        }
    }

    private static Figures measureOn(StoreConfig config) {
        try (Store store = EtcdStore.connect(config.withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(60)))) {
            return measure(store);
        }
    }

    record Figures(double createPerSec, double createP50, double createP99, double updatePerSec, double updateP50,
                   double updateP99, double concurrentCreatePerSec, double informerP50, double informerP99) {
        /** Adds this (the left peer) and {@code other} (the right) row by row. */
        void addTo(Comparison table, Figures other) {
            table.add("sequential create, objects/s", createPerSec, other.createPerSec)
                    .add("sequential create p50 ms", createP50, other.createP50)
                    .add("sequential create p99 ms", createP99, other.createP99)
                    .add("sequential update (CAS), objects/s", updatePerSec, other.updatePerSec)
                    .add("sequential update p50 ms", updateP50, other.updateP50)
                    .add("sequential update p99 ms", updateP99, other.updateP99)
                    .add("create, " + WRITERS + " concurrent writers, objects/s", concurrentCreatePerSec,
                            other.concurrentCreatePerSec)
                    .add("informer lag write→cache p50 ms", informerP50, other.informerP50)
                    .add("informer lag write→cache p99 ms", informerP99, other.informerP99);
        }
    }

    static Figures measure(Store store) {
        Client client = new Client(store, Clock.systemUTC());
        String ns = "bench-" + System.nanoTime() % 100000;
        client.create(new Namespace(null, null, ObjectMeta.named(ns), null, null));
        warmUp(client, ns);

        Stats create = new Stats(SEQUENTIAL);
        List<ConfigMap> created = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < SEQUENTIAL; i++) {
            long s = System.nanoTime();
            created.add(client.create(cm(ns, "seq-" + i, "v0")));
            create.add(System.nanoTime() - s);
        }
        double createRate = SEQUENTIAL / ((System.nanoTime() - t0) / 1e9);

        Stats update = new Stats(SEQUENTIAL);
        t0 = System.nanoTime();
        for (ConfigMap c : created) {
            long s = System.nanoTime();
            client.update(new ConfigMap(null, null, c.metadata(), Map.of("k", "v1"), null, null));
            update.add(System.nanoTime() - s);
        }
        double updateRate = SEQUENTIAL / ((System.nanoTime() - t0) / 1e9);

        double concurrentRate = concurrentCreates(client, ns);
        Stats lag = informerLag(client, ns);
        return new Figures(createRate, create.percentileMs(50), create.percentileMs(99), updateRate,
                update.percentileMs(50), update.percentileMs(99), concurrentRate, lag.percentileMs(50), lag.percentileMs(99));
    }

    private static void warmUp(Client client, String ns) {
        for (int i = 0; i < 200; i++) client.create(cm(ns, "warm-" + i, "v"));
    }

    private static double concurrentCreates(Client client, String ns) {
        CountDownLatch done = new CountDownLatch(WRITERS);
        long t0 = System.nanoTime();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            Thread.ofVirtual().start(() -> {
                for (int i = writer; i < CONCURRENT; i += WRITERS) client.create(cm(ns, "par-" + i, "v"));
                done.countDown();
            });
        }
        await(done);
        return CONCURRENT / ((System.nanoTime() - t0) / 1e9);
    }

    private static Stats informerLag(Client client, String ns) {
        int n = 500;
        Stats lag = new Stats(n);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        CountDownLatch seen = new CountDownLatch(n);
        try (Informer<ConfigMap> inf = new Informer<>(client, ConfigMap.class, ns)) {
            inf.addHandler(new ResourceHandler<>() {
                @Override
                public void onAdd(ConfigMap o) {
                    Long s = sentAt.remove(o.name());
                    if (s != null) {
                        lag.add(System.nanoTime() - s);
                        seen.countDown();
                    }
                }
            }).start().awaitSynced(Duration.ofSeconds(30));
            for (int i = 0; i < n; i++) {
                sentAt.put("lag-" + i, System.nanoTime());
                client.create(cm(ns, "lag-" + i, "v"));
            }
            await(seen);
        }
        return lag;
    }

    private static ConfigMap cm(String ns, String name, String value) {
        return new ConfigMap(null, null, ObjectMeta.named(ns, name), Map.of("k", value), null, null);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(5, TimeUnit.MINUTES)) throw new IllegalStateException("benchmark timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
