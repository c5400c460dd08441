package dev.skiff.client;

import static dev.skiff.client.Fixtures.configMap;
import static dev.skiff.client.Fixtures.deployment;
import static dev.skiff.client.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.api.ConfigMap;
import dev.skiff.api.Deployment;
import dev.skiff.api.DeploymentStatus;
import dev.skiff.api.LabelSelector;
import dev.skiff.api.Namespace;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Pod;
import dev.skiff.api.PodPhase;
import dev.skiff.api.PodStatus;
import dev.skiff.store.Compare;
import dev.skiff.store.EtcdProcess;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.awaitility.Awaitility.await;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientIT {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static Store store;
    private Client client;
    private String ns;
    private static int counter;

    @BeforeAll
    static void connect() {
        store = EtcdStore.connect(EtcdProcess.shared().config());
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @BeforeEach
    void fresh() {
        client = new Client(store, Clock.fixed(T0, ZoneOffset.UTC));
        ns = "client-" + System.nanoTime() % 1_000_000 + "-" + (++counter);
        client.create(new Namespace(null, null, ObjectMeta.named(ns), null, null));
    }

    @Test
    void createManagesMetadataAndDefaults() {
        Deployment created = client.create(deployment(ns, "web", "nginx:1.27", 2));
        ObjectMeta m = created.metadata();
        assertThat(m.uid()).hasSize(36);
        assertThat(m.creationTimestamp()).isEqualTo(T0);
        assertThat(m.generation()).isEqualTo(1L);
        assertThat(m.revision()).isPositive();
        assertThat(created.spec().revisionHistoryLimit()).isEqualTo(10);
        assertThat(client.require(Deployment.class, ns, "web")).isEqualTo(created);
    }

    @Test
    void aNewPodIsPendingUntilItsAgentSaysOtherwise() {
        Pod created = client.create(pod(ns, "fresh", null));
        assertThat(created.status().phase()).isEqualTo(PodPhase.PENDING);
        assertThat(client.require(Pod.class, ns, "fresh").status().phase()).isEqualTo(PodPhase.PENDING);
        Pod running = client.create(pod(ns, "told", null).withStatus(new PodStatus(PodPhase.RUNNING,
                null, null, null, null, null, null, null, null, null, null, null)));
        assertThat(running.status().phase()).isEqualTo(PodPhase.RUNNING);
    }

    @Test
    void updatesInOneTransactionLandTogetherAndAStaleOneIsRefusedAlone() {
        Pod a = client.create(pod(ns, "a", null));
        Pod b = client.create(pod(ns, "b", null));
        Pod c = client.create(pod(ns, "c", null));
        client.modify(Pod.class, ns, "b", p -> p.withMetadata(p.metadata().withLabels(Map.of("moved", "on"))));
        List<Client.Written<Pod>> written = client.updateAllFrom(List.of(
                new Client.Update<>(a, a.withSpec(a.spec().withNodeName("n1"))),
                new Client.Update<>(b, b.withSpec(b.spec().withNodeName("n1"))),   // b is stale now
                new Client.Update<>(c, c.withSpec(c.spec().withNodeName("n2")))));
        assertThat(written.get(0).error()).isNull();
        assertThat(written.get(0).stored().spec().nodeName()).isEqualTo("n1");
        assertThat(written.get(1).error()).isInstanceOf(ApiException.Conflict.class);
        assertThat(written.get(2).error()).isNull();
        assertThat(client.require(Pod.class, ns, "a").spec().nodeName()).isEqualTo("n1");
        assertThat(client.require(Pod.class, ns, "b").spec().nodeName()).isNull();
        assertThat(client.require(Pod.class, ns, "c").spec().nodeName()).isEqualTo("n2");

        Pod a2 = client.require(Pod.class, ns, "a");
        Pod c2 = client.require(Pod.class, ns, "c");
        List<Client.Written<Pod>> both = client.updateAllFrom(List.of(
                new Client.Update<>(a2, a2.withMetadata(a2.metadata().withLabels(Map.of("x", "1")))),
                new Client.Update<>(c2, c2.withMetadata(c2.metadata().withLabels(Map.of("x", "1"))))));
        assertThat(both).allSatisfy(w -> assertThat(w.error()).isNull());
        // one transaction: one revision for both
        assertThat(both.get(0).stored().metadata().revision()).isEqualTo(both.get(1).stored().metadata().revision());
    }

    @Test
    void bindsAreCompareAndSwapsUnderTheGuardAndChangeOnlyTheNode() {
        Pod a = client.create(pod(ns, "a", null));
        Pod b = client.create(pod(ns, "b", null));
        Pod bound = client.create(pod(ns, "bound", "n0"));
        client.modify(Pod.class, ns, "b", p -> p.withMetadata(p.metadata().withLabels(Map.of("moved", "on"))));
        List<Client.Written<Pod>> written = client.commitPrepared(List.of(client.prepareBind(a, "n1"),
                client.prepareBind(b, "n1"), client.prepareBind(bound, "n2"), client.prepareBind(a, "")));
        assertThat(written.get(0).error()).isNull();
        Pod stored = client.require(Pod.class, ns, "a");
        assertThat(stored).isEqualTo(written.get(0).stored());
        assertThat(stored.spec()).isEqualTo(a.spec().withNodeName("n1"));
        assertThat(stored.status()).isEqualTo(a.status());
        assertThat(stored.metadata().generation()).isEqualTo(a.metadata().generation() + 1);
        assertThat(written.get(1).error()).isInstanceOf(ApiException.Conflict.class); // b changed since our copy
        assertThat(written.get(2).error()).isInstanceOf(ApiException.Conflict.class); // already bound, as Kubernetes
        assertThat(written.get(3).error()).isInstanceOf(ApiException.Invalid.class)
                .hasMessageContaining("spec.nodeName");
        assertThat(client.require(Pod.class, ns, "b").spec().nodeName()).isNull();
        assertThat(client.require(Pod.class, ns, "bound").spec().nodeName()).isEqualTo("n0");

        String guardKey = "/skiff-test/guard/bind-" + ns;
        long rev = store.create(guardKey, new byte[] {1});
        Client guarded = client.guardedBy(Compare.createRevision(guardKey).eq(rev));
        Pod c = client.create(pod(ns, "c", null));
        store.delete(guardKey);
        assertThat(guarded.commitPrepared(List.of(guarded.prepareBind(c, "n1"))).getFirst().error())
                .isInstanceOf(ApiException.Forbidden.class);
        assertThat(client.require(Pod.class, ns, "c").spec().nodeName()).isNull();
    }

    @Test
    void deletesInOneTransactionGoTogetherAndAChangedOneIsRefusedAlone() {
        Pod a = client.create(pod(ns, "a", null));
        Pod b = client.create(pod(ns, "b", null));
        Pod c = client.create(pod(ns, "c", null));
        client.modify(Pod.class, ns, "b", p -> p.withMetadata(p.metadata().withLabels(Map.of("moved", "on"))));
        List<Client.Written<Pod>> deleted = client.deleteAllFrom(List.of(a, b, c), DeleteOptions.now());
        assertThat(deleted.get(0).error()).isNull();
        assertThat(deleted.get(1).error()).isInstanceOf(ApiException.Conflict.class); // b changed since our copy
        assertThat(deleted.get(2).error()).isNull();
        assertThat(client.get(Pod.class, ns, "a")).isEmpty();
        assertThat(client.get(Pod.class, ns, "b")).isPresent();
        assertThat(client.get(Pod.class, ns, "c")).isEmpty();

        Pod d = client.create(pod(ns, "d", null));
        Pod e = client.create(pod(ns, "e", null));
        assertThat(client.deleteAllFrom(List.of(d, e), DeleteOptions.now()))
                .allSatisfy(w -> assertThat(w.error()).isNull());
        assertThat(client.list(Pod.class, ns).items()).extracting(p -> p.metadata().name()).containsExactly("b");
    }

    @Test
    void batchedDeletesStillMarkWhatMustBeMarkedAndObeyTheGuard() {
        Pod held = client.create(pod(ns, "held", null));
        held = client.modify(Pod.class, ns, "held",
                p -> p.withMetadata(p.metadata().withFinalizers(List.of("example.com/hold"))));
        Pod plain = client.create(pod(ns, "plain", null));
        List<Client.Written<Pod>> deleted = client.deleteAllFrom(List.of(held, plain), DeleteOptions.now());
        assertThat(deleted).allSatisfy(w -> assertThat(w.error()).isNull());
        assertThat(client.require(Pod.class, ns, "held").metadata().deletionTimestamp()).isNotNull(); // finalizer holds it
        assertThat(client.get(Pod.class, ns, "plain")).isEmpty();

        String guardKey = "/skiff-test/guard/" + ns;
        long rev = store.create(guardKey, new byte[] {1});
        Client guarded = client.guardedBy(Compare.createRevision(guardKey).eq(rev));
        Pod x = client.create(pod(ns, "x", null));
        Pod y = client.create(pod(ns, "y", null));
        store.delete(guardKey);
        assertThat(guarded.deleteAllFrom(List.of(x, y), DeleteOptions.now()))
                .allSatisfy(w -> assertThat(w.error()).isInstanceOf(ApiException.Forbidden.class));
        assertThat(client.get(Pod.class, ns, "x")).isPresent();
        assertThat(client.get(Pod.class, ns, "y")).isPresent();
    }

    @Test
    void createTwiceIsAlreadyExists() {
        client.create(deployment(ns, "web", "nginx:1.27", 1));
        assertThatThrownBy(() -> client.create(deployment(ns, "web", "nginx:1.28", 1)))
                .isInstanceOf(ApiException.AlreadyExists.class)
                .hasMessage("deployments.apps \"web\" already exists in namespace " + ns);
        assertThat(client.require(Deployment.class, ns, "web").spec().template().spec().containers().get(0).image())
                .isEqualTo("nginx:1.27");
    }

    @Test
    void invalidObjectIsRefusedAndNothingStored() {
        Deployment bad = deployment(ns, "Web_1", "nginx", 1);
        assertThatThrownBy(() -> client.create(bad))
                .isInstanceOf(ApiException.Invalid.class)
                .hasMessageContaining("metadata.name");
        assertThat(client.list(Deployment.class, ns).items()).isEmpty();
    }

    @Test
    void createInMissingNamespaceIsNotFound() {
        assertThatThrownBy(() -> client.create(deployment("nope-" + ns, "web", "nginx", 1)))
                .isInstanceOf(ApiException.NotFound.class)
                .hasMessage("namespaces \"nope-" + ns + "\" not found");
    }

    @Test
    void generationCountsSpecChangesOnlyAndStatusSurvivesUpdates() {
        Deployment d = client.create(deployment(ns, "web", "nginx:1", 1));
        Deployment withStatus = client.updateStatus(d.withStatus(new DeploymentStatus(
                1L, 1, 1, 1, 1, null, null, null)));
        assertThat(withStatus.metadata().generation()).isEqualTo(1L);

        Deployment relabelled = client.update(withStatus.withMetadata(withStatus.metadata()
                .withLabels(Map.of("app", "web", "team", "a"))));
        assertThat(relabelled.metadata().generation()).isEqualTo(1L);

        Deployment scaled = client.update(relabelled.withSpec(relabelled.spec().withReplicas(3)));
        assertThat(scaled.metadata().generation()).isEqualTo(2L);
        assertThat(scaled.status().readyReplicas()).isEqualTo(1);
        assertThat(scaled.metadata().uid()).isEqualTo(d.metadata().uid());
    }

    @Test
    void staleUpdateIsConflict() {
        Deployment d = client.create(deployment(ns, "web", "nginx:1", 1));
        client.update(d.withSpec(d.spec().withReplicas(2)));
        assertThatThrownBy(() -> client.update(d.withSpec(d.spec().withReplicas(5))))
                .isInstanceOf(ApiException.Conflict.class)
                .hasMessageContaining("the object has been modified");
        assertThat(client.require(Deployment.class, ns, "web").spec().replicas()).isEqualTo(2);
    }

    @Test
    void modifyRetriesOnConflict() throws Exception {
        client.create(configMap(ns, "counter", "n", "0", "x"));
        List<Thread> threads = new java.util.ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 5; i++) {
                        client.modify(ConfigMap.class, ns, "counter", cm -> withData(cm, Map.of("n",
                                Integer.toString(Integer.parseInt(cm.data().get("n")) + 1))));
                    }
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread t : threads) t.join();
        assertThat(failures).as("writers that gave up").isEmpty();
        assertThat(client.require(ConfigMap.class, ns, "counter").data()).containsEntry("n", "20");
    }

    @Test
    void unchangedUpdateWritesNothing() {
        Deployment d = client.create(deployment(ns, "web", "nginx:1", 1));
        Deployment same = client.update(d);
        assertThat(same.metadata().resourceVersion()).isEqualTo(d.metadata().resourceVersion());
    }

    @Test
    void generateNameMakesAUniqueName() {
        ConfigMap cm = configMap(ns, null, "k", "v", "x");
        ConfigMap named = cm.withMetadata(new ObjectMeta(null, "cfg-", ns, null, null, null, null, null,
                null, null, null, null, null));
        ConfigMap a = client.create(named);
        ConfigMap b = client.create(named);
        assertThat(a.name()).matches("cfg-[bcdfghjklmnpqrstvwxz2456789]{5}");
        assertThat(a.name()).isNotEqualTo(b.name());
    }

    @Test
    void listFiltersByNamespaceAndSelector() {
        client.create(configMap(ns, "a", "k", "v", "web"));
        client.create(configMap(ns, "b", "k", "v", "db"));
        client.create(configMap("default", "other-" + ns, "k", "v", "web"));
        assertThat(client.list(ConfigMap.class, ns).items()).extracting(ConfigMap::name).containsExactly("a", "b");
        assertThat(client.list(ConfigMap.class, ns, LabelSelector.parse("tier=web")).items())
                .extracting(ConfigMap::name).containsExactly("a");
        assertThat(client.list(ConfigMap.class, null, LabelSelector.parse("tier=web")).items())
                .extracting(ConfigMap::name).contains("a", "other-" + ns).doesNotContain("b");
        client.delete(ConfigMap.class, "default", "other-" + ns);
    }

    @Test
    void deleteRemovesButABoundPodIsOnlyMarked() {
        client.create(configMap(ns, "gone", "k", "v", "x"));
        client.delete(ConfigMap.class, ns, "gone");
        assertThat(client.get(ConfigMap.class, ns, "gone")).isEmpty();
        assertThatThrownBy(() -> client.delete(ConfigMap.class, ns, "gone"))
                .isInstanceOf(ApiException.NotFound.class)
                .hasMessage("configmaps \"gone\" not found in namespace " + ns);

        client.create(pod(ns, "bound", "node-1"));
        client.delete(Pod.class, ns, "bound");
        Pod marked = client.require(Pod.class, ns, "bound");
        assertThat(marked.metadata().deletionTimestamp()).isEqualTo(T0);
        assertThat(marked.metadata().deletionGracePeriodSeconds()).isEqualTo(30L);

        client.delete(Pod.class, ns, "bound", DeleteOptions.now());
        assertThat(client.get(Pod.class, ns, "bound")).isEmpty();

        client.create(pod(ns, "unbound", null));
        client.delete(Pod.class, ns, "unbound");
        assertThat(client.get(Pod.class, ns, "unbound")).isEmpty();
    }

    @Test
    void foregroundDeletionKeepsTheOwnerWithAFinalizer() {
        client.create(deployment(ns, "web", "nginx", 1));
        client.delete(Deployment.class, ns, "web", DeleteOptions.DEFAULT.withPropagation(DeleteOptions.Propagation.FOREGROUND));
        Deployment d = client.require(Deployment.class, ns, "web");
        assertThat(d.metadata().finalizers()).containsExactly("foregroundDeletion");
        assertThat(d.metadata().deletionTimestamp()).isNotNull();
    }

    @Test
    void watchDeliversTypedEvents() {
        List<ResourceEvent<ConfigMap>> seen = new CopyOnWriteArrayList<>();
        long from = store.currentRevision() + 1;
        try (var w = client.watch(ConfigMap.class, ns, from, seen::add, e -> { })) {
            ConfigMap c = client.create(configMap(ns, "w", "k", "1", "x"));
            client.update(withData(c, Map.of("k", "2")));
            client.delete(ConfigMap.class, ns, "w");
            await().atMost(10, TimeUnit.SECONDS).until(() -> seen.size() == 3);
        }
        assertThat(seen.get(0)).isInstanceOf(ResourceEvent.Added.class);
        assertThat(seen.get(1)).isInstanceOfSatisfying(ResourceEvent.Modified.class, m -> {
            assertThat(((ConfigMap) m.previous()).data()).containsEntry("k", "1");
            assertThat(((ConfigMap) m.object()).data()).containsEntry("k", "2");
        });
        assertThat(seen.get(2)).isInstanceOf(ResourceEvent.Deleted.class);
        assertThat(seen.get(2).object().data()).containsEntry("k", "2");
    }

    private static ConfigMap withData(ConfigMap cm, Map<String, String> data) {
        return new ConfigMap(cm.apiVersion(), cm.kind(), cm.metadata(), data, cm.binaryData(), cm.immutable());
    }

    @Test
    void aWriterThatLostItsGuardCannotWrite() {
        String guardKey = "/skiff-test/guard/" + ns;
        long rev = store.create(guardKey, new byte[] {1});
        Client guarded = client.guardedBy(Compare.createRevision(guardKey).eq(rev));
        guarded.create(configMap(ns, "ok", "k", "v", "x"));
        store.delete(guardKey);
        assertThatThrownBy(() -> guarded.create(configMap(ns, "refused", "k", "v", "x")))
                .isInstanceOf(ApiException.Forbidden.class);
        assertThat(client.get(ConfigMap.class, ns, "refused")).isEmpty();
    }

    /** Creates in a namespace carry two compares each: 120 of them must not overflow etcd's 128-compare limit. */
    @Test
    void appliesMoreObjectsThanOneTxnTakes() {
        List<ConfigMap> many = new java.util.ArrayList<>();
        for (int i = 0; i < 120; i++) many.add(Fixtures.configMap(ns, "m" + i, "k", "1", "web"));
        assertThat(new Apply(client).apply(many, false)).hasSize(120);
        assertThat(client.list(ConfigMap.class, ns).items()).hasSize(120);
    }
}
