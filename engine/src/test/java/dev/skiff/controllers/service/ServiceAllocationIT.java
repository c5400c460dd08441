package dev.skiff.controllers.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.Json;
import dev.skiff.api.LoadBalancerIngress;
import dev.skiff.api.Service;
import dev.skiff.api.ServicePort;
import dev.skiff.client.ApiException;
import dev.skiff.client.Apply;
import dev.skiff.client.Client;
import dev.skiff.client.ServiceRanges;
import dev.skiff.controllers.TestCluster;
import dev.skiff.engine.Engine;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Cluster IPs and node ports allocated in the Service's own write, on real etcd and the embedded store. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServiceAllocationIT {

    /** A /27: 30 usable addresses, so the concurrency test fills it exactly. */
    private static final ServiceRanges SMALL = new ServiceRanges("127.77.3.0/27", 30100, 30139);

    static Service svc(String name, String extraSpec) {
        return Json.fromYaml("""
                apiVersion: v1
                kind: Service
                metadata: {name: %s, namespace: default}
                spec:
                  selector: {app: web}
                  ports:
                  - {name: http, port: 80, targetPort: 8080}
                %s""".formatted(name, extraSpec == null ? "" : extraSpec.indent(2)), Service.class);
    }

    private static TestCluster cluster(TestCluster.Backend backend) {
        TestCluster c = TestCluster.start(backend, TestCluster.fastConfig().withServiceRanges(SMALL), Engine.builtIn());
        await().atMost(20, TimeUnit.SECONDS).until(() -> ServiceRanges.read(c.store()).equals(SMALL));
        return c;
    }

    private static String owner(TestCluster c, String key) {
        return c.store().get(key).map(kv -> new String(kv.value(), StandardCharsets.UTF_8)).orElse(null);
    }

    @ParameterizedTest
    @EnumSource(TestCluster.Backend.class)
    void clusterIPsComeFromTheRangeAndAreHeldUntilDelete(TestCluster.Backend backend) {
        try (TestCluster c = cluster(backend)) {
            Client client = c.client();
            Service a = client.create(svc("a", null));
            String ip = a.spec().clusterIP();
            assertThat(SMALL.cidr().containsUsable(ip)).as(ip).isTrue();
            assertThat(a.spec().clusterIPs()).containsExactly(ip);
            assertThat(client.require(Service.class, "default", "a").spec().clusterIP()).isEqualTo(ip);
            assertThat(owner(c, ServiceRanges.IPS + ip)).isEqualTo("default/a/" + a.metadata().uid());

            assertThatThrownBy(() -> client.create(svc("b", "clusterIP: " + ip)))
                    .isInstanceOf(ApiException.Invalid.class)
                    .hasMessage("services \"b\" is invalid: spec.clusterIP: Invalid value: \"" + ip
                            + "\": provided IP is already allocated");
            assertThatThrownBy(() -> client.create(svc("b", "clusterIP: 127.77.200.1")))
                    .isInstanceOf(ApiException.Invalid.class)
                    .hasMessageContaining("spec.clusterIP: Invalid value: \"127.77.200.1\": provided IP is not in the valid range. "
                            + "The range of valid IPs is 127.77.3.0/27");
            assertThat(client.get(Service.class, "default", "b")).isEmpty();

            client.delete(Service.class, "default", "a");
            assertThat(owner(c, ServiceRanges.IPS + ip)).isNull();
            Service b = client.create(svc("b", "clusterIP: " + ip));
            assertThat(b.spec().clusterIP()).isEqualTo(ip);
        }
    }

    @ParameterizedTest
    @EnumSource(TestCluster.Backend.class)
    void headlessGetsNoAddressAndApplyKeepsTheAllocatedOnes(TestCluster.Backend backend) {
        try (TestCluster c = cluster(backend)) {
            Service h = c.client().create(svc("h", "clusterIP: None"));
            assertThat(h.spec().clusterIP()).isEqualTo("None");
            assertThat(c.store().list(ServiceRanges.IPS, dev.skiff.store.ListOptions.latest()).items()).isEmpty();

            Apply apply = new Apply(c.client());
            Service np = svc("np", "type: NodePort");
            assertThat(apply.apply(List.of(np), false).getFirst().action()).isEqualTo(Apply.Action.CREATED);
            Service stored = c.client().require(Service.class, "default", "np");
            int nodePort = stored.spec().ports().getFirst().nodePort();
            assertThat(nodePort).isBetween(30100, 30139);
            // the manifest has neither clusterIP nor nodePort: applying it again changes nothing
            assertThat(apply.apply(List.of(np), false).getFirst().action()).isEqualTo(Apply.Action.UNCHANGED);
            assertThat(c.client().require(Service.class, "default", "np").spec()).isEqualTo(stored.spec());

            // another address of the range than the one it got (1 in 30 was that very one, and then nothing changed)
            String other = stored.spec().clusterIP().equals("127.77.3.9") ? "127.77.3.10" : "127.77.3.9";
            assertThatThrownBy(() -> c.client().update(stored.withSpec(stored.spec().withClusterIP(other))))
                    .hasMessageContaining("spec.clusterIP: Invalid value: \"" + other + "\": field is immutable");

            // back to ClusterIP: the node port is given back and can be asked for explicitly
            apply.apply(List.of(svc("np", "type: ClusterIP")), false);
            assertThat(c.client().require(Service.class, "default", "np").spec().ports().getFirst().nodePort()).isNull();
            assertThat(owner(c, ServiceRanges.NODE_PORTS + nodePort)).isNull();
            Service explicit = c.client().create(svc("x", "type: NodePort\nports:\n- {name: http, port: 80, nodePort: " + nodePort + "}"));
            assertThat(explicit.spec().ports().getFirst().nodePort()).isEqualTo(nodePort);
            assertThatThrownBy(() -> c.client().create(svc("y", "type: NodePort\nports:\n- {name: http, port: 80, nodePort: " + nodePort + "}")))
                    .hasMessage("services \"y\" is invalid: spec.ports[0].nodePort: Invalid value: " + nodePort
                            + ": provided port is already allocated");
            assertThatThrownBy(() -> c.client().create(svc("z", "type: NodePort\nports:\n- {name: http, port: 80, nodePort: 30200}")))
                    .hasMessageContaining("spec.ports[0].nodePort: Invalid value: 30200: provided port is not in the valid range. "
                            + "The range of valid ports is 30100-30139");
        }
    }

    @ParameterizedTest
    @EnumSource(TestCluster.Backend.class)
    void concurrentCreatorsNeverShareAnAddress(TestCluster.Backend backend) throws Exception {
        try (TestCluster c = cluster(backend)) {
            int n = 30; // every usable address of the /27
            Map<String, String> ips = new ConcurrentHashMap<>();
            Map<String, Integer> ports = new ConcurrentHashMap<>();
            List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < n; i++) {
                    String name = "s" + i;
                    pool.submit(() -> {
                        go.await();
                        // every writer its own client, as separate shells would be
                        Service s = new Client(c.store(), java.time.Clock.systemUTC()).create(svc(name, "type: NodePort"));
                        ips.put(name, s.spec().clusterIP());
                        ports.put(name, s.spec().ports().getFirst().nodePort());
                        return null;
                    });
                }
                go.countDown();
            }
            assertThat(failures).isEmpty();
            assertThat(ips).hasSize(n);
            assertThat(new HashSet<>(ips.values())).hasSize(n);
            assertThat(new HashSet<>(ports.values())).hasSize(n);
            assertThatThrownBy(() -> c.client().create(svc("full", null)))
                    .isInstanceOf(ApiException.Forbidden.class)
                    .hasMessageContaining("no cluster IP is free in 127.77.3.0/27");
        }
    }

    @ParameterizedTest
    @EnumSource(TestCluster.Backend.class)
    void repairFreesTheKeysOfAServiceRemovedBehindTheClientsBack(TestCluster.Backend backend) {
        try (TestCluster c = cluster(backend)) {
            Service s = c.client().create(svc("gone", "type: NodePort"));
            String ipKey = ServiceRanges.IPS + s.spec().clusterIP();
            String portKey = ServiceRanges.NODE_PORTS + s.spec().ports().getFirst().nodePort();
            c.store().delete("/registry/services/default/gone"); // as etcdctl del would
            await().atMost(20, TimeUnit.SECONDS).until(() -> c.store().get(ipKey).isEmpty() && c.store().get(portKey).isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(TestCluster.Backend.class)
    void loadBalancerIngressListsTheReadyNodes(TestCluster.Backend backend) {
        try (TestCluster c = cluster(backend)) {
            c.node("lb-1", Duration.ofSeconds(10));
            c.node("lb-2", Duration.ofSeconds(10));
            c.client().create(svc("lb", "type: LoadBalancer"));
            await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> {
                Service s = c.client().require(Service.class, "default", "lb");
                assertThat(s.status()).isNotNull();
                List<String> ips = new ArrayList<>();
                for (LoadBalancerIngress i : s.status().loadBalancer().ingress()) ips.add(i.ip());
                assertThat(ips).hasSize(2);
                ServicePort p = s.spec().ports().getFirst();
                assertThat(p.nodePort()).isNotNull();
            });
        }
    }
}
