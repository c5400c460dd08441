package dev.skiff.client;

import static dev.skiff.client.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.Namespace;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Pod;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import dev.skiff.store.StoreConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An informer with {@link StoredFilter#podsBoundTo}, as a node agent runs it: pods of other nodes
 * are never delivered nor kept, a cached pod's delete is delivered, and a relist filters too.
 * Run against etcd and the embedded store (each test class its own: it compacts). The informer
 * reaches the store through a {@link CuttableLink}; the test writes directly.
 */
abstract class FilteredInformerContract {
    private static final String NODE = "pi-1";
    private EtcdStore store;
    private Client client;
    private CuttableLink link;
    private Store informerStore;
    private final String ns = "filtered";

    /** Starts this test's own store and returns where it listens. */
    protected abstract StoreConfig startStore();

    protected abstract void stopStore();

    /** The informer's store client: EtcdStore unless a subclass runs the contract through another one. */
    protected Store connectInformerStore(StoreConfig config) {
        return EtcdStore.connect(config);
    }

    @BeforeEach
    void start() {
        StoreConfig config = startStore();
        store = EtcdStore.connect(config);
        client = new Client(store, Clock.systemUTC());
        java.net.URI target = config.endpoints().getFirst();
        link = new CuttableLink(new java.net.InetSocketAddress(target.getHost(), target.getPort()));
        informerStore = connectInformerStore(StoreConfig.parse("127.0.0.1:" + link.port()));
        client.create(new Namespace(null, null, ObjectMeta.named(ns), null, null));
    }

    @AfterEach
    void stop() {
        informerStore.close();
        link.close();
        store.close();
        stopStore();
    }

    private static final class Log implements ResourceHandler<Pod> {
        final List<String> calls = new CopyOnWriteArrayList<>();
        public void onAdd(Pod o) { calls.add("add " + o.name()); }
        public void onUpdate(Pod old, Pod o) { calls.add("update " + o.name()); }
        public void onDelete(Pod o) { calls.add("delete " + o.name()); }
    }

    private Informer<Pod> informer(Log log) {
        Informer<Pod> inf = new Informer<>(new Client(informerStore, Clock.systemUTC()), Pod.class, null,
                StoredFilter.podsBoundTo(NODE)).addHandler(log).start();
        assertThat(inf.awaitSynced(Duration.ofSeconds(20))).isTrue();
        return inf;
    }

    private void relabel(String name) {
        client.modify(Pod.class, ns, name, p -> new Pod(p.apiVersion(), p.kind(),
                p.metadata().withLabels(Map.of("touched", "yes")), p.spec(), p.status()));
    }

    @Test
    void neverDeliversNorKeepsPodsBoundElsewhere() {
        client.create(pod(ns, "mine", NODE));
        client.create(pod(ns, "other", "pi-2"));
        client.create(pod(ns, "longer-name", NODE + "0")); // "pi-10": the name must match whole
        client.create(pod(ns, "unbound", null));
        Log log = new Log();
        try (Informer<Pod> inf = informer(log)) {
            assertThat(inf.list()).extracting(Pod::name).containsExactly("mine");
            client.create(pod(ns, "other-2", "pi-2"));
            relabel("other");
            relabel("unbound");
            client.delete(Pod.class, ns, "other", DeleteOptions.now());
            client.create(pod(ns, "mine-2", NODE));
            relabel("mine");
            await().atMost(10, TimeUnit.SECONDS).until(() -> log.calls.size() >= 3);
            assertThat(log.calls).containsExactly("add mine", "add mine-2", "update mine");
            assertThat(inf.list()).extracting(Pod::name).containsExactlyInAnyOrder("mine", "mine-2");
            assertThat(inf.get(ns, "other-2")).isEmpty();
            assertThat(inf.revision()).isEqualTo(store.currentRevision());
        }
    }

    @Test
    void deliversTheDeleteOfACachedPodAndAPodBoundLater() {
        client.create(pod(ns, "mine", NODE));
        client.create(pod(ns, "later", null));
        Log log = new Log();
        try (Informer<Pod> inf = informer(log)) {
            client.modify(Pod.class, ns, "later", p -> new Pod(p.apiVersion(), p.kind(), p.metadata(),
                    p.spec().withNodeName(NODE), p.status()));
            client.delete(Pod.class, ns, "mine", DeleteOptions.now());
            await().atMost(10, TimeUnit.SECONDS).until(() -> log.calls.size() >= 3);
            assertThat(log.calls).containsExactly("add mine", "add later", "delete mine");
            assertThat(inf.list()).extracting(Pod::name).containsExactly("later");
        }
    }

    @Test
    void aRelistAfterCompactionAppliesTheFilter() {
        client.create(pod(ns, "old", NODE));
        client.create(pod(ns, "stays", NODE));
        Log log = new Log();
        try (Informer<Pod> inf = informer(log)) {
            link.cut();
            // while the informer cannot reach the store, history it has not seen is compacted away
            client.delete(Pod.class, ns, "old", DeleteOptions.now());
            client.create(pod(ns, "new", NODE));
            client.create(pod(ns, "elsewhere", "pi-2"));
            client.modify(Pod.class, ns, "stays", p -> new Pod(p.apiVersion(), p.kind(), p.metadata(),
                    p.spec().withNodeName("pi-2"), p.status())); // rebound: it must leave the cache
            store.compact(store.currentRevision());
            link.restore();
            await().atMost(60, TimeUnit.SECONDS).untilAsserted(() ->
                    assertThat(inf.list()).extracting(Pod::name).containsExactly("new"));
            await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(log.calls)
                    .containsExactlyInAnyOrder("add old", "add stays", "delete old", "delete stays", "add new"));
            assertThat(inf.revision()).isEqualTo(store.currentRevision());
        }
    }
}
