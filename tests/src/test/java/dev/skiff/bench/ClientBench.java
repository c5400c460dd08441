package dev.skiff.bench;

import dev.skiff.api.ConfigMap;
import dev.skiff.api.Namespace;
import dev.skiff.api.ObjectMeta;
import dev.skiff.client.Client;
import dev.skiff.client.Informer;
import dev.skiff.client.ResourceHandler;
import dev.skiff.store.EtcdProcess;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The typed client over a real etcd: create/update throughput and latency, informer lag. */
final class ClientBench {
    static final int SEQUENTIAL = 1000;
    static final int CONCURRENT = 4000;
    static final int WRITERS = 32;

    private ClientBench() {}

    static void run() {
        try (EtcdProcess etcd = EtcdProcess.start(); Store store = EtcdStore.connect(etcd.config())) {
            System.out.println("peer: etcd " + etcd.version());
            measure(store).print();
        }
    }

    record Figures(double createPerSec, double createP50, double createP99, double updatePerSec, double updateP50,
                   double updateP99, double concurrentCreatePerSec, double informerP50, double informerP99) {
        void print() {
            System.out.printf("%-44s %10s%n", "figure", "value");
            row("sequential create, objects/s", createPerSec);
            row("sequential create p50 ms", createP50);
            row("sequential create p99 ms", createP99);
            row("sequential update (CAS), objects/s", updatePerSec);
            row("sequential update p50 ms", updateP50);
            row("sequential update p99 ms", updateP99);
            row("create, " + WRITERS + " concurrent writers, objects/s", concurrentCreatePerSec);
            row("informer lag write→cache p50 ms", informerP50);
            row("informer lag write→cache p99 ms", informerP99);
        }

        private static void row(String name, double v) {
            System.out.printf("%-44s %10.2f%n", name, v);
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
