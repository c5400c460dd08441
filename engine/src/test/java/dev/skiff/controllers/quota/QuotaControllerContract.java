package dev.skiff.controllers.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.ConfigMap;
import dev.skiff.api.Json;
import dev.skiff.api.Namespace;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Pod;
import dev.skiff.api.PodPhase;
import dev.skiff.api.PodStatus;
import dev.skiff.api.Quantity;
import dev.skiff.api.ResourceQuota;
import dev.skiff.api.ResourceQuotaSpec;
import dev.skiff.client.ApiException;
import dev.skiff.client.Client;
import dev.skiff.engine.Engine;
import dev.skiff.engine.EngineConfig;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Keys;
import dev.skiff.store.Store;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.Watch;
import dev.skiff.store.WatchEvent;
import dev.skiff.store.WatchListener;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The quota controller in a running engine: usage is given back when pods are deleted or finish,
 * a new quota shows what is already used, and recounts racing with admission never let a
 * namespace go over. Written once, run against etcd and the embedded store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class QuotaControllerContract {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private Store store;
    private Engine engine;
    private Client client;
    private String ns;

    /** A store of its own: the engine's leader election must not meet other tests' engines. */
    protected abstract StoreConfig startStore();

    protected abstract void stopStore();

    @BeforeAll
    void startEngine() {
        store = EtcdStore.connect(startStore());
        engine = new Engine(store, EngineConfig.defaults().withIdentity("quota-it"), Clock.systemUTC(),
                Engine.builtIn()).start();
        await().atMost(30, TimeUnit.SECONDS).until(() -> engine.isLeader() && engine.manager().isRunning());
        client = new Client(store, Clock.systemUTC());
    }

    @AfterAll
    void stopEngine() {
        if (engine != null) engine.close();
        if (store != null) store.close();
        stopStore();
    }

    @BeforeEach
    void freshNamespace() {
        ns = "quota-" + COUNTER.incrementAndGet();
        client.create(new Namespace(null, null, ObjectMeta.named(ns), null, null));
    }

    @Test
    void usageIsGivenBackWhenPodsAreDeletedOrFinish() {
        client.create(quota("q", "{pods: 2}"));
        client.create(pod("p1"));
        Pod p2 = client.create(pod("p2"));
        assertThatThrownBy(() -> client.create(pod("p3"))).isInstanceOf(ApiException.Forbidden.class);

        client.delete(Pod.class, ns, "p1");
        awaitUsed("q", Map.of("pods", "1"));
        client.create(pod("p3"));

        client.modifyStatus(Pod.class, ns, "p2", p -> p.withStatus(phase(PodPhase.FAILED))); // the scheduler may have bound it meanwhile
        awaitUsed("q", Map.of("pods", "1"));
        client.create(pod("p4"));
        assertThatThrownBy(() -> client.create(pod("p5")))
                .hasMessage("pods \"p5\" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2");
    }

    @Test
    void aNewQuotaShowsWhatIsAlreadyUsedAndFollowsItsSpec() {
        client.create(pod("a"));
        client.create(Json.fromYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: b, namespace: %s}
                spec:
                  containers: [{name: main, image: busybox:1, resources: {requests: {cpu: 250m, memory: 64Mi}}}]
                """.formatted(ns), Pod.class));
        client.create(new ConfigMap(null, null, ObjectMeta.named(ns, "cfg"), Map.of("k", "v"), null, null));
        client.create(quota("seen", "{pods: 10, configmaps: 5, secrets: 5}"));
        awaitUsed("seen", Map.of("pods", "2", "configmaps", "1", "secrets", "0"));

        client.modify(ResourceQuota.class, ns, "seen", q -> q.withSpec(new ResourceQuotaSpec(
                Map.of("pods", Quantity.parse("3"), "requests.memory", Quantity.parse("1Gi")), null)));
        await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> {
            ResourceQuota q = client.require(ResourceQuota.class, ns, "seen");
            assertThat(q.status().hard()).isEqualTo(q.spec().hard());
            assertThat(q.status().used()).isEqualTo(Map.of("pods", Quantity.parse("2"),
                    "requests.memory", Quantity.parse("64Mi")));
        });
    }

    @Test
    void creatorsRacingADeleterAndTheRecountNeverExceedTheQuota() throws Exception {
        int cap = 3;
        int target = 4 * cap; // enough creates that usage must have been given back several times
        client.create(quota("tight", "{pods: " + cap + "}"));
        LiveCount live = new LiveCount();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger created = new AtomicInteger();
        try (Watch w = store.watch(Keys.inNamespace("pods", ns), client.list(Pod.class, ns).revision() + 1, live);
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 4; t++) {
                Client own = new Client(store, Clock.systemUTC());
                int thread = t;
                pool.submit(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        try {
                            own.create(pod("c" + thread + "-" + i));
                            created.incrementAndGet();
                        } catch (ApiException.Forbidden e) {
                            Thread.sleep(5);
                        }
                    }
                    return null;
                });
            }
            pool.submit(() -> {
                while (!stop.get()) {
                    for (Pod p : client.list(Pod.class, ns).items()) client.delete(Pod.class, ns, p.name());
                    Thread.sleep(30);
                }
                return null;
            });
            try {
                await().atMost(120, TimeUnit.SECONDS).until(() -> created.get() >= target);
            } finally {
                stop.set(true);
            }
        }
        assertThat(live.max()).as("most pods alive at any revision").isLessThanOrEqualTo(cap);
        int remaining = client.list(Pod.class, ns).items().size();
        awaitUsed("tight", Map.of("pods", Integer.toString(remaining)));
    }

    /** Live pods at each revision, from the watch, which delivers every change in revision order. */
    private static final class LiveCount implements WatchListener {
        private final Set<String> keys = new HashSet<>();
        private int max;

        @Override
        public synchronized void onEvents(List<WatchEvent> events) {
            for (WatchEvent e : events) {
                switch (e) {
                    case WatchEvent.Put put -> keys.add(put.kv().key());
                    case WatchEvent.Delete del -> keys.remove(del.key());
                }
                max = Math.max(max, keys.size());
            }
        }

        private volatile RuntimeException failure;

        @Override
        public void onError(dev.skiff.store.StoreException e) {
            failure = e;
        }

        synchronized int max() {
            if (failure != null) throw new AssertionError("the pod watch ended: " + failure.getMessage(), failure);
            return max;
        }
    }

    private void awaitUsed(String quota, Map<String, String> expected) {
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
            ResourceQuota q = client.require(ResourceQuota.class, ns, quota);
            assertThat(q.status()).as("status of " + quota).isNotNull();
            assertThat(q.status().used()).isEqualTo(quantities(expected));
        });
    }

    private static Map<String, Quantity> quantities(Map<String, String> m) {
        return m.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                e -> Quantity.parse(e.getValue())));
    }

    private ResourceQuota quota(String name, String hard) {
        return Json.fromYaml("""
                apiVersion: v1
                kind: ResourceQuota
                metadata: {name: %s, namespace: %s}
                spec: {hard: %s}
                """.formatted(name, ns, hard), ResourceQuota.class);
    }

    private Pod pod(String name) {
        return Json.fromYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: %s}
                spec:
                  containers: [{name: main, image: busybox:1}]
                """.formatted(name, ns), Pod.class);
    }

    private static PodStatus phase(PodPhase phase) {
        return new PodStatus(phase, null, null, null, null, null, null, null, null, null, null, null);
    }
}
