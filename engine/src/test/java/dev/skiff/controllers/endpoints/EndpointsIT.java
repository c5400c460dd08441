package dev.skiff.controllers.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.Condition;
import dev.skiff.api.EndpointAddress;
import dev.skiff.api.EndpointPort;
import dev.skiff.api.EndpointSubset;
import dev.skiff.api.Endpoints;
import dev.skiff.api.HostPortMapping;
import dev.skiff.api.Json;
import dev.skiff.api.Pod;
import dev.skiff.api.PodPhase;
import dev.skiff.api.PodStatus;
import dev.skiff.api.Protocol;
import dev.skiff.api.Service;
import dev.skiff.client.Client;
import dev.skiff.controllers.TestCluster;
import dev.skiff.controllers.TestCluster.Backend;
import dev.skiff.engine.Engine;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EndpointsIT {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void endpointsFollowPodReadinessLabelsAndHostPorts(Backend backend) throws InterruptedException {
        try (TestCluster c = TestCluster.start(backend, TestCluster.fastConfig(), Engine.builtIn())) {
            Client client = c.client();
            client.create(Json.fromYaml("""
                    apiVersion: v1
                    kind: Service
                    metadata: {name: web, namespace: default, labels: {tier: front}}
                    spec:
                      selector: {app: web}
                      ports:
                      - {name: http, port: 80, targetPort: http}
                      - {name: admin, port: 81, targetPort: 9000}
                    """, Service.class));
            startPod(client, "web-1", "10.1.0.1", true, 31001, 31002);
            startPod(client, "web-2", "10.1.0.2", false, 31011, 31012);

            await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> {
                List<EndpointSubset> subsets = subsets(client);
                assertThat(ready(subsets)).containsExactly("web-1");
                assertThat(notReady(subsets)).containsExactly("web-2");
            });
            EndpointSubset first = subsets(client).stream().filter(s -> s.addresses() != null).findFirst().orElseThrow();
            assertThat(first.ports()).containsExactly(new EndpointPort("http", 31001, Protocol.TCP),
                    new EndpointPort("admin", 31002, Protocol.TCP));
            EndpointAddress addr = first.addresses().getFirst();
            assertThat(addr.ip()).isEqualTo("10.1.0.1");
            assertThat(addr.nodeName()).isEqualTo("n1");
            assertThat(addr.targetRef().name()).isEqualTo("web-1");
            Endpoints ep = client.require(Endpoints.class, "default", "web");
            assertThat(ep.metadata().labels()).containsEntry("tier", "front");

            // readiness flips move the address between the lists
            setReady(client, "web-2", true);
            await().atMost(20, TimeUnit.SECONDS).untilAsserted(() ->
                    assertThat(ready(subsets(client))).containsExactlyInAnyOrder("web-1", "web-2"));

            // a change that does not alter the backends leaves the Endpoints untouched
            long revision = client.require(Endpoints.class, "default", "web").metadata().revision();
            client.modify(Pod.class, "default", "web-1", p -> p.withMetadata(p.metadata().withAnnotations(
                    java.util.Map.of("note", "irrelevant"))));
            Thread.sleep(1500);
            assertThat(client.require(Endpoints.class, "default", "web").metadata().revision()).isEqualTo(revision);

            // a pod whose labels stop matching leaves; a deleted pod too
            client.modify(Pod.class, "default", "web-1", p -> p.withMetadata(p.metadata().withLabels(
                    new HashMap<>(java.util.Map.of("app", "other")))));
            client.delete(Pod.class, "default", "web-2");
            await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> assertThat(subsets(client)).isEmpty());

            // the service goes, its Endpoints go
            client.delete(Service.class, "default", "web");
            await().atMost(20, TimeUnit.SECONDS).until(() -> client.get(Endpoints.class, "default", "web").isEmpty());
        }
    }

    private static void startPod(Client client, String name, String hostIP, boolean ready, int httpHostPort, int adminHostPort) {
        client.create(Json.fromYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: default, labels: {app: web}}
                spec:
                  nodeName: n1
                  containers:
                  - name: main
                    image: busybox:1
                    ports:
                    - {name: http, containerPort: 8080}
                    - {name: admin, containerPort: 9000}
                """.formatted(name), Pod.class));
        Instant now = Instant.now();
        client.modifyStatus(Pod.class, "default", name, p -> p.withStatus(new PodStatus(PodPhase.RUNNING,
                List.of(Condition.of("Ready", ready, null, null, now)), null, null, null, hostIP, hostIP, null, now,
                null, null, List.of(new HostPortMapping("http", 8080, httpHostPort, Protocol.TCP),
                new HostPortMapping("admin", 9000, adminHostPort, Protocol.TCP)))));
    }

    private static void setReady(Client client, String name, boolean ready) {
        Instant now = Instant.now();
        client.modifyStatus(Pod.class, "default", name, p -> {
            PodStatus s = p.status();
            return p.withStatus(new PodStatus(s.phase(), List.of(Condition.of("Ready", ready, null, null, now)), null, null,
                    null, s.hostIP(), s.podIP(), null, s.startTime(), null, null, s.hostPorts()));
        });
    }

    private static List<EndpointSubset> subsets(Client client) {
        Optional<Endpoints> ep = client.get(Endpoints.class, "default", "web");
        return ep.map(Endpoints::subsets).orElse(null) == null ? List.of() : ep.get().subsets();
    }

    private static List<String> ready(List<EndpointSubset> subsets) {
        return subsets.stream().filter(s -> s.addresses() != null).flatMap(s -> s.addresses().stream())
                .map(a -> a.targetRef().name()).toList();
    }

    private static List<String> notReady(List<EndpointSubset> subsets) {
        return subsets.stream().filter(s -> s.notReadyAddresses() != null).flatMap(s -> s.notReadyAddresses().stream())
                .map(a -> a.targetRef().name()).toList();
    }
}
