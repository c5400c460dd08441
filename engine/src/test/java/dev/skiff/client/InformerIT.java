package dev.skiff.client;

import static dev.skiff.client.Fixtures.configMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.ConfigMap;
import dev.skiff.api.LabelSelector;
import dev.skiff.api.Namespace;
import dev.skiff.api.ObjectMeta;
import dev.skiff.store.EtcdProcess;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class InformerIT {
    private EtcdProcess etcd;
    private Store store;
    private Client client;
    private final String ns = "inf";

    @BeforeEach
    void start() {
        etcd = EtcdProcess.start(); // its own etcd: these tests restart and compact it
        store = EtcdStore.connect(etcd.config());
        client = new Client(store, Clock.systemUTC());
        client.create(new Namespace(null, null, ObjectMeta.named(ns), null, null));
    }

    @AfterEach
    void stop() {
        store.close();
        etcd.close();
    }

    /** Records handler calls as "add a", "update a", "delete a". */
    private static final class Log implements ResourceHandler<ConfigMap> {
        final List<String> calls = new CopyOnWriteArrayList<>();
        public void onAdd(ConfigMap o) { calls.add("add " + o.name()); }
        public void onUpdate(ConfigMap old, ConfigMap o) { calls.add("update " + o.name()); }
        public void onDelete(ConfigMap o) { calls.add("delete " + o.name()); }
    }

    @Test
    void listsThenFollowsChangesInOrder() {
        client.create(configMap(ns, "a", "k", "1", "web"));
        Log log = new Log();
        try (Informer<ConfigMap> inf = new Informer<>(client, ConfigMap.class, ns).addHandler(log).start()) {
            assertThat(inf.awaitSynced(Duration.ofSeconds(10))).isTrue();
            assertThat(inf.get(ns, "a")).isPresent();
            ConfigMap b = client.create(configMap(ns, "b", "k", "1", "db"));
            client.update(new ConfigMap(null, null, b.metadata(), java.util.Map.of("k", "2"), null, null));
            client.delete(ConfigMap.class, ns, "a");
            await().atMost(10, TimeUnit.SECONDS).until(() -> log.calls.size() == 4);
            assertThat(log.calls).containsExactly("add a", "add b", "update b", "delete a");
            assertThat(inf.list()).extracting(ConfigMap::name).containsExactly("b");
            assertThat(inf.get(ns, "b").orElseThrow().data()).containsEntry("k", "2");
            assertThat(inf.revision()).isEqualTo(store.currentRevision());
        }
    }

    /** One apply of several objects is one txn: its events share a revision, and none may be lost. */
    @Test
    void deliversEveryObjectOfOneTxn() {
        Log log = new Log();
        try (Informer<ConfigMap> inf = new Informer<>(client, ConfigMap.class, ns).addHandler(log).start()) {
            assertThat(inf.awaitSynced(Duration.ofSeconds(10))).isTrue();
            new Apply(client).apply(List.of(configMap(ns, "x", "k", "1", "web"), configMap(ns, "y", "k", "1", "web"),
                    configMap(ns, "z", "k", "1", "web")), false);
            await().atMost(10, TimeUnit.SECONDS).until(() -> log.calls.size() >= 3);
            assertThat(log.calls).containsExactlyInAnyOrder("add x", "add y", "add z");
            assertThat(inf.list()).extracting(ConfigMap::name).containsExactlyInAnyOrder("x", "y", "z");
        }
    }

    @Test
    void indexesByNamespaceAndLabel() {
        client.create(configMap(ns, "a", "k", "1", "web"));
        client.create(configMap(ns, "b", "k", "1", "db"));
        client.create(configMap("default", "c", "k", "1", "web"));
        try (Informer<ConfigMap> inf = new Informer<>(client, ConfigMap.class, null).start()) {
            inf.awaitSynced(Duration.ofSeconds(10));
            assertThat(inf.list(ns)).extracting(ConfigMap::name).containsExactlyInAnyOrder("a", "b");
            assertThat(inf.list(null, LabelSelector.parse("tier=web"))).extracting(ConfigMap::name)
                    .containsExactlyInAnyOrder("a", "c");
            assertThat(inf.list(ns, LabelSelector.parse("tier!=web"))).extracting(ConfigMap::name).containsExactly("b");
            client.update(new ConfigMap(null, null, inf.get(ns, "b").orElseThrow().metadata()
                    .withLabels(java.util.Map.of("tier", "web")), java.util.Map.of("k", "1"), null, null));
            await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                    assertThat(inf.list(ns, LabelSelector.parse("tier=web"))).extracting(ConfigMap::name)
                            .containsExactlyInAnyOrder("a", "b"));
        }
    }

    @Test
    void survivesAStoreRestartWithoutLosingOrRepeatingChanges() {
        Log log = new Log();
        try (Informer<ConfigMap> inf = new Informer<>(client, ConfigMap.class, ns).addHandler(log).start()) {
            inf.awaitSynced(Duration.ofSeconds(10));
            client.create(configMap(ns, "before", "k", "1", "x"));
            await().atMost(10, TimeUnit.SECONDS).until(() -> log.calls.contains("add before"));
            etcd.restart();
            await().atMost(30, TimeUnit.SECONDS).ignoreExceptions()
                    .until(() -> client.create(configMap(ns, "after", "k", "1", "x")) != null);
            await().atMost(30, TimeUnit.SECONDS).until(() -> log.calls.contains("add after"));
            assertThat(log.calls).containsExactly("add before", "add after");
        }
    }

    @Test
    void relistsWhenItsHistoryWasCompactedAway() {
        Log log = new Log();
        try (Informer<ConfigMap> inf = new Informer<>(client, ConfigMap.class, ns).addHandler(log).start()) {
            inf.awaitSynced(Duration.ofSeconds(10));
            client.create(configMap(ns, "old", "k", "1", "x"));
            await().atMost(10, TimeUnit.SECONDS).until(() -> log.calls.contains("add old"));
            etcd.stop();
            etcd.restart();
            // while the informer's watch reconnects, history it has not seen is compacted away
            EtcdStore other = EtcdStore.connect(etcd.config());
            Client writer = new Client(other, Clock.systemUTC());
            writer.delete(ConfigMap.class, ns, "old");
            writer.create(configMap(ns, "new", "k", "1", "x"));
            other.compact(other.currentRevision());
            other.close();
            await().atMost(30, TimeUnit.SECONDS).untilAsserted(() ->
                    assertThat(inf.list()).extracting(ConfigMap::name).containsExactly("new"));
            // handlers run just after the cache is updated: wait for them too
            await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                    assertThat(log.calls).containsExactly("add old", "delete old", "add new"));
        }
    }

    /** Readers on other threads (other informers' handlers) never miss an object while it is updated. */
    @Test
    void anUpdatedObjectNeverDisappearsFromTheCacheOrItsIndexes() throws Exception {
        client.create(configMap(ns, "hot", "n", "0", "web"));
        try (Informer<ConfigMap> inf = new Informer<>(client, ConfigMap.class, null).start()) {
            assertThat(inf.awaitSynced(Duration.ofSeconds(10))).isTrue();
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicInteger misses = new java.util.concurrent.atomic.AtomicInteger();
            Thread reader = Thread.ofPlatform().start(() -> {
                while (!done.get()) {
                    if (inf.list(ns).isEmpty() || inf.get(ns, "hot").isEmpty()
                            || inf.list(ns, LabelSelector.parse("tier=web")).isEmpty()) {
                        misses.incrementAndGet();
                    }
                }
            });
            for (int i = 1; i <= 150; i++) {
                int n = i;
                client.modify(ConfigMap.class, ns, "hot", cm -> new ConfigMap(null, null, cm.metadata(),
                        java.util.Map.of("n", Integer.toString(n)), null, null));
            }
            await().atMost(20, TimeUnit.SECONDS).until(() -> inf.get(ns, "hot").orElseThrow().data().get("n").equals("150"));
            done.set(true);
            reader.join();
            assertThat(misses.get()).isZero();
        }
    }
}
