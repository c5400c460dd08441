package dev.skiff.client.admission;

import static dev.skiff.client.admission.AdmissionFixtures.limitRange;
import static dev.skiff.client.admission.AdmissionFixtures.pod;
import static dev.skiff.client.admission.AdmissionFixtures.quota;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.api.ConfigMap;
import dev.skiff.api.Json;
import dev.skiff.api.Namespace;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Pod;
import dev.skiff.api.PodPhase;
import dev.skiff.api.PodStatus;
import dev.skiff.api.Quantity;
import dev.skiff.api.ResourceQuota;
import dev.skiff.api.Service;
import dev.skiff.client.ApiException;
import dev.skiff.client.Apply;
import dev.skiff.client.Client;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import dev.skiff.store.StoreConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * LimitRange and ResourceQuota admission through the Client, written once and run against real
 * etcd and the embedded store. No engine runs here: admission alone keeps quota usage.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AdmissionContract {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private Store store;
    private Client client;
    private String ns;

    protected abstract StoreConfig config();

    @BeforeEach
    void freshNamespace() {
        if (store == null) store = EtcdStore.connect(config());
        client = new Client(store, Clock.systemUTC());
        ns = "adm-" + ProcessHandle.current().pid() % 10_000 + "-" + COUNTER.incrementAndGet();
        client.create(new Namespace(null, null, ObjectMeta.named(ns), null, null));
    }

    @AfterAll
    void close() {
        if (store != null) store.close();
    }

    // ---- LimitRange

    @Test
    void limitRangeInjectsDefaultLimitsAndRequests() {
        client.create(limitRange(ns, "defaults", """
                {type: Container, default: {cpu: 500m, memory: 256Mi}, defaultRequest: {cpu: 100m}}"""));
        Pod bare = client.create(pod(ns, "bare"));
        assertThat(resources(bare)).isEqualTo(Map.of(
                "limits", Map.of("cpu", "500m", "memory", "256Mi"),
                "requests", Map.of("cpu", "100m", "memory", "256Mi")));

        // its own limit stays, and (as Kubernetes defaults pods) it requests what it limits
        Pod own = client.create(pod(ns, "own", "{limits: {cpu: 300m}}"));
        assertThat(resources(own)).isEqualTo(Map.of(
                "limits", Map.of("cpu", "300m", "memory", "256Mi"),
                "requests", Map.of("cpu", "300m", "memory", "256Mi")));
    }

    @Test
    void reapplyingAManifestKeepsInjectedDefaults() {
        client.create(limitRange(ns, "defaults", "{type: Container, default: {cpu: 200m}}"));
        Apply apply = new Apply(client);
        assertThat(apply.apply(List.of(pod(ns, "web")), false).getFirst().action()).isEqualTo(Apply.Action.CREATED);
        assertThat(apply.apply(List.of(pod(ns, "web")), false).getFirst().action()).isEqualTo(Apply.Action.UNCHANGED);
        assertThat(resources(client.require(Pod.class, ns, "web"))).isEqualTo(Map.of(
                "limits", Map.of("cpu", "200m"), "requests", Map.of("cpu", "200m")));
    }

    @Test
    void limitRangeMaximumIsRefusedInKubernetesWords() {
        client.create(limitRange(ns, "caps", "{type: Container, max: {cpu: 500m}}"));
        assertThatThrownBy(() -> client.create(pod(ns, "web-x", "{limits: {cpu: 1}}")))
                .isInstanceOf(ApiException.Forbidden.class)
                .hasMessage("pods \"web-x\" is forbidden: maximum cpu usage per Container is 500m, but limit is 1");
        // max also defaults the limit (SetDefaults_LimitRangeItem), so a bare pod gets 500m and passes
        assertThat(resources(client.create(pod(ns, "bare")))).isEqualTo(Map.of(
                "limits", Map.of("cpu", "500m"), "requests", Map.of("cpu", "500m")));
        assertThat(client.get(Pod.class, ns, "web-x")).isEmpty();
    }

    @Test
    void limitRangeMinimumRatioAndPodTotalsAreEnforced() {
        client.create(limitRange(ns, "floor", "{type: Container, min: {memory: 64Mi}, maxLimitRequestRatio: {cpu: 2}}"));
        assertThatThrownBy(() -> client.create(pod(ns, "small", "{requests: {memory: 32Mi, cpu: 100m}, limits: {cpu: 100m}}")))
                .hasMessage("pods \"small\" is forbidden: minimum memory usage per Container is 64Mi, but request is 32Mi");
        assertThatThrownBy(() -> client.create(pod(ns, "bursty", "{requests: {memory: 64Mi, cpu: 100m}, limits: {cpu: 500m}}")))
                .hasMessage("pods \"bursty\" is forbidden: cpu max limit to request ratio per Container is 2,"
                        + " but provided ratio is 5.000000");
        assertThatThrownBy(() -> client.create(pod(ns, "both", "{requests: {memory: 1Mi, cpu: 100m}, limits: {cpu: 1}}")))
                .hasMessage("pods \"both\" is forbidden: [minimum memory usage per Container is 64Mi, but request is 1Mi,"
                        + " cpu max limit to request ratio per Container is 2, but provided ratio is 10.000000]");
        client.create(pod(ns, "fine", "{requests: {memory: 64Mi, cpu: 100m}, limits: {cpu: 200m}}"));

        client.create(limitRange(ns, "per-pod", "{type: Pod, max: {memory: 100Mi}}"));
        Pod twoContainers = Json.fromYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: pair, namespace: %s}
                spec:
                  containers:
                  - {name: a, image: busybox:1, resources: {requests: {cpu: 100m}, limits: {memory: 64Mi, cpu: 100m}}}
                  - {name: b, image: busybox:1, resources: {requests: {cpu: 100m}, limits: {memory: 64Mi, cpu: 100m}}}
                """.formatted(ns), Pod.class);
        assertThatThrownBy(() -> client.create(twoContainers))
                .hasMessage("pods \"pair\" is forbidden: maximum memory usage per Pod is 100Mi, but limit is 128Mi");
    }

    @Test
    void aPodAdmittedBeforeAStricterRangeCanStillBeUpdated() {
        client.create(pod(ns, "old", "{limits: {cpu: 2}}"));
        client.create(limitRange(ns, "caps", "{type: Container, max: {cpu: 500m}}"));
        Pod bound = client.modify(Pod.class, ns, "old", p -> p.withSpec(p.spec().withNodeName("n1")));
        assertThat(bound.spec().nodeName()).isEqualTo("n1");
        assertThat(resources(bound)).isEqualTo(Map.of("limits", Map.of("cpu", "2"), "requests", Map.of("cpu", "2")));
    }

    // ---- ResourceQuota: counts

    @Test
    void objectCountsAreCappedWithKubernetesMessages() {
        client.create(quota(ns, "counts", "{pods: 2, configmaps: 1, services.nodeports: 1, count/deployments.apps: 0}"));
        client.create(pod(ns, "p1"));
        client.create(pod(ns, "p2"));
        assertThatThrownBy(() -> client.create(pod(ns, "p3")))
                .isInstanceOf(ApiException.Forbidden.class)
                .hasMessage("pods \"p3\" is forbidden: exceeded quota: counts, requested: pods=1, used: pods=2, limited: pods=2");

        client.create(new ConfigMap(null, null, ObjectMeta.named(ns, "c1"), Map.of("k", "v"), null, null));
        assertThatThrownBy(() -> client.create(new ConfigMap(null, null, ObjectMeta.named(ns, "c2"), Map.of("k", "v"), null, null)))
                .hasMessage("configmaps \"c2\" is forbidden: exceeded quota: counts, requested: configmaps=1,"
                        + " used: configmaps=1, limited: configmaps=1");

        client.create(service("internal", "ClusterIP"));
        assertThatThrownBy(() -> client.create(service("public", "NodePort")))
                .hasMessage("services \"public\" is forbidden: exceeded quota: counts, requested: services.nodeports=2,"
                        + " used: services.nodeports=0, limited: services.nodeports=1");
        assertThatThrownBy(() -> client.create(Json.fromYaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: %s}
                spec:
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: main, image: busybox:1}]}
                """.formatted(ns), dev.skiff.api.Deployment.class)))
                .hasMessageContaining("exceeded quota: counts, requested: count/deployments.apps=1");

        ResourceQuota q = client.require(ResourceQuota.class, ns, "counts");
        assertThat(q.status().used()).containsEntry("pods", qty("2")).containsEntry("configmaps", qty("1"))
                .containsEntry("services.nodeports", qty("0"));
        assertThat(q.status().hard()).isEqualTo(q.spec().hard());
    }

    @Test
    void aQuotaCreatedAfterObjectsCountsThemAndIgnoresFinishedPods() {
        client.create(pod(ns, "p1"));
        Pod done = client.create(pod(ns, "p2"));
        client.updateStatus(done.withStatus(new PodStatus(PodPhase.SUCCEEDED, null, null, null, null, null, null,
                null, null, null, null, null)));
        client.create(quota(ns, "late", "{pods: 2}"));
        client.create(pod(ns, "p3")); // p2 finished, so this is the second pod that counts
        assertThatThrownBy(() -> client.create(pod(ns, "p4")))
                .hasMessage("pods \"p4\" is forbidden: exceeded quota: late, requested: pods=1, used: pods=2, limited: pods=2");
    }

    @Test
    void anApplyOverQuotaWritesNothing() {
        client.create(quota(ns, "q", "{pods: 2}"));
        assertThatThrownBy(() -> new Apply(client).apply(List.of(pod(ns, "a"), pod(ns, "b"), pod(ns, "c")), false))
                .hasMessage("pods \"c\" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2");
        assertThat(client.list(Pod.class, ns).items()).isEmpty();
        new Apply(client).apply(List.of(pod(ns, "a"), pod(ns, "b")), false);
        assertThat(client.require(ResourceQuota.class, ns, "q").status().used()).containsEntry("pods", qty("2"));
    }

    @Test
    void aBatchOfCreatesOverQuotaFillsItOneByOneAndRefusesTheRest() {
        client.create(quota(ns, "q", "{pods: 2}"));
        Pod template = pod(ns, "x").withMetadata(new ObjectMeta(null, "rs-", ns, null, null, null, null, null, null,
                null, null, null, null));
        List<Client.Written<Pod>> written = client.createAllOrEach(List.of(template, template, template));
        assertThat(written).filteredOn(w -> w.error() == null).hasSize(2);
        assertThat(written).filteredOn(w -> w.error() != null)
                .singleElement().satisfies(w -> assertThat(w.error()).isInstanceOf(ApiException.Forbidden.class));
        assertThat(client.list(Pod.class, ns).items()).hasSize(2);
        assertThat(client.require(ResourceQuota.class, ns, "q").status().used()).containsEntry("pods", qty("2"));
    }

    // ---- ResourceQuota: compute

    @Test
    void computeCapsNeedEveryContainerToStateItsResources() {
        client.create(quota(ns, "compute", "{requests.cpu: 2, limits.cpu: 4, memory: 1Gi}"));
        assertThatThrownBy(() -> client.create(pod(ns, "bare")))
                .isInstanceOf(ApiException.Forbidden.class)
                .hasMessage("pods \"bare\" is forbidden: failed quota: compute: must specify limits.cpu for: main;"
                        + " memory for: main; requests.cpu for: main");
        assertThatThrownBy(() -> client.create(pod(ns, "half", "{requests: {cpu: 100m, memory: 10Mi}}")))
                .hasMessage("pods \"half\" is forbidden: failed quota: compute: must specify limits.cpu for: main");
    }

    @Test
    void computeCapsAreSummedAndRefusedWithUsage() {
        client.create(quota(ns, "compute", "{requests.cpu: 2, limits.memory: 1Gi}"));
        String each = "{requests: {cpu: 700m}, limits: {memory: 256Mi}}";
        client.create(pod(ns, "a", each));
        client.create(pod(ns, "b", each));
        assertThatThrownBy(() -> client.create(pod(ns, "c", each)))
                .hasMessage("pods \"c\" is forbidden: exceeded quota: compute, requested: requests.cpu=700m,"
                        + " used: requests.cpu=1400m, limited: requests.cpu=2");
        assertThatThrownBy(() -> client.create(pod(ns, "d", "{requests: {cpu: 1}, limits: {memory: 1Gi}}")))
                .hasMessage("pods \"d\" is forbidden: exceeded quota: compute, requested: limits.memory=1Gi,requests.cpu=1,"
                        + " used: limits.memory=512Mi,requests.cpu=1400m, limited: limits.memory=1Gi,requests.cpu=2");
        client.create(pod(ns, "e", "{requests: {cpu: 600m}, limits: {memory: 512Mi}}"));
        assertThat(client.require(ResourceQuota.class, ns, "compute").status().used())
                .isEqualTo(Map.of("requests.cpu", qty("2"), "limits.memory", qty("1Gi")));
    }

    // ---- races

    @Test
    void concurrentCreatorsOnSeparateConnectionsNeverExceedAQuota() throws Exception {
        int cap = 5;
        int creators = 24;
        client.create(quota(ns, "race", "{pods: " + cap + ", requests.cpu: 10}"));
        List<Store> stores = new ArrayList<>();
        for (int i = 0; i < 6; i++) stores.add(EtcdStore.connect(config()));
        ConcurrentLinkedQueue<String> created = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> refused = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < creators; i++) {
                Client own = new Client(stores.get(i % stores.size()), Clock.systemUTC());
                String name = "racer-" + i;
                pool.submit(() -> {
                    go.await();
                    try {
                        created.add(own.create(pod(ns, name, "{requests: {cpu: 100m}}")).name());
                    } catch (RuntimeException e) {
                        refused.add(e);
                    }
                    return null;
                });
            }
            go.countDown();
        } finally {
            stores.forEach(Store::close);
        }
        assertThat(created).hasSize(cap);
        assertThat(refused).hasSize(creators - cap).allSatisfy(e -> assertThat(e)
                .isInstanceOf(ApiException.Forbidden.class)
                .hasMessageContaining("exceeded quota: race, requested: pods=1, used: pods=5, limited: pods=5"));
        assertThat(client.list(Pod.class, ns).items()).hasSize(cap);
        assertThat(client.require(ResourceQuota.class, ns, "race").status().used())
                .containsEntry("pods", qty("5")).containsEntry("requests.cpu", qty("500m"));
    }

    @Test
    void concurrentBatchesOfCreatesGetDefaultsAndNeverExceedAQuota() throws Exception {
        // each batch reads the LimitRanges and its namespace once for all its pods; the quota is
        // still charged under its revision at commit, so racing batches cannot share headroom
        client.create(limitRange(ns, "defaults", "{type: Container, default: {cpu: 200m}}"));
        client.create(quota(ns, "race", "{pods: 5}"));
        Pod template = pod(ns, "x").withMetadata(new ObjectMeta(null, "batch-", ns, null, null, null, null, null, null,
                null, null, null, null));
        ConcurrentLinkedQueue<Client.Written<Pod>> results = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 8; i++) {
                pool.submit(() -> {
                    go.await();
                    results.addAll(client.createAllOrEach(List.of(template, template, template)));
                    return null;
                });
            }
            go.countDown();
        }
        assertThat(results).filteredOn(w -> w.error() == null).hasSize(5)
                .allSatisfy(w -> assertThat(resources(w.stored())).isEqualTo(Map.of(
                        "limits", Map.of("cpu", "200m"), "requests", Map.of("cpu", "200m"))));
        assertThat(results).filteredOn(w -> w.error() != null).hasSize(19)
                .allSatisfy(w -> assertThat(w.error()).isInstanceOf(ApiException.Forbidden.class));
        assertThat(client.list(Pod.class, ns).items()).hasSize(5);
        assertThat(client.require(ResourceQuota.class, ns, "race").status().used()).containsEntry("pods", qty("5"));
    }

    // ---- helpers

    private Service service(String name, String type) {
        return Json.fromYaml("""
                apiVersion: v1
                kind: Service
                metadata: {name: %s, namespace: %s}
                spec:
                  type: %s
                  selector: {app: web}
                  ports: [{name: http, port: 80}, {name: https, port: 443}]
                """.formatted(name, ns, type), Service.class);
    }

    private static Quantity qty(String s) {
        return Quantity.parse(s);
    }

    /** The first container's resources as plain strings, for readable comparisons. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> resources(Pod pod) {
        return Json.fromJson(Json.toJson(pod.spec().containers().getFirst().resources()), Map.class);
    }
}
