package dev.skiff.controllers.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Condition;
import dev.skiff.api.EndpointAddress;
import dev.skiff.api.EndpointPort;
import dev.skiff.api.EndpointSubset;
import dev.skiff.api.HostPortMapping;
import dev.skiff.api.Json;
import dev.skiff.api.Pod;
import dev.skiff.api.PodPhase;
import dev.skiff.api.PodStatus;
import dev.skiff.api.Protocol;
import dev.skiff.api.Service;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointsBuilderTest {

    private static final Service SERVICE = Json.fromYaml("""
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: default}
            spec:
              selector: {app: web}
              ports:
              - {name: http, port: 80, targetPort: http}
              - {name: metrics, port: 9090, targetPort: 9100}
            """, Service.class);

    static Pod pod(String name, String hostIP, boolean ready, List<HostPortMapping> hostPorts) {
        Pod spec = Json.fromYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: default, uid: uid-%s, labels: {app: web}}
                spec:
                  nodeName: n1
                  containers:
                  - name: main
                    image: busybox:1
                    ports:
                    - {name: http, containerPort: 8080}
                    - {name: metrics, containerPort: 9100}
                """.formatted(name, name), Pod.class);
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        return spec.withStatus(new PodStatus(PodPhase.RUNNING, List.of(Condition.of("Ready", ready, null, null, now)),
                null, null, null, hostIP, hostIP, null, now, null, null, hostPorts));
    }

    @Test
    void portsComeFromTheRecordedHostPortsByNameAndByNumber() {
        Pod p = pod("a", "10.0.0.1", true, List.of(
                new HostPortMapping("http", 8080, 31001, Protocol.TCP),
                new HostPortMapping("metrics", 9100, 31002, Protocol.TCP)));
        List<EndpointSubset> subsets = EndpointsBuilder.subsets(SERVICE, List.of(p), n -> true);
        assertThat(subsets).hasSize(1);
        assertThat(subsets.getFirst().ports()).containsExactly(
                new EndpointPort("http", 31001, Protocol.TCP), new EndpointPort("metrics", 31002, Protocol.TCP));
        EndpointAddress addr = subsets.getFirst().addresses().getFirst();
        assertThat(addr.ip()).isEqualTo("10.0.0.1");
        assertThat(addr.nodeName()).isEqualTo("n1");
        assertThat(addr.targetRef().name()).isEqualTo("a");
        assertThat(addr.targetRef().kind()).isEqualTo("Pod");
        assertThat(subsets.getFirst().notReadyAddresses()).isNull();
    }

    @Test
    void withoutAMappingTheContainerPortIsUsed() {
        Pod p = pod("a", "10.0.0.1", true, null);
        List<EndpointSubset> subsets = EndpointsBuilder.subsets(SERVICE, List.of(p), n -> true);
        assertThat(subsets.getFirst().ports()).extracting(EndpointPort::port).containsExactly(8080, 9100);
    }

    @Test
    void notReadyPodsAndPodsOnUntrustedNodesAreListedApartAndUnplacedOnesLeftOut() {
        Pod ready = pod("a", "10.0.0.1", true, null);
        Pod notReady = pod("b", "10.0.0.2", false, null);
        Pod unplaced = pod("c", null, false, null);
        List<EndpointSubset> subsets = EndpointsBuilder.subsets(SERVICE, List.of(notReady, unplaced, ready), n -> true);
        assertThat(subsets).hasSize(1);
        assertThat(subsets.getFirst().addresses()).extracting(EndpointAddress::ip).containsExactly("10.0.0.1");
        assertThat(subsets.getFirst().notReadyAddresses()).extracting(EndpointAddress::ip).containsExactly("10.0.0.2");

        List<EndpointSubset> nodeDown = EndpointsBuilder.subsets(SERVICE, List.of(ready), n -> false);
        assertThat(nodeDown.getFirst().addresses()).isNull();
        assertThat(nodeDown.getFirst().notReadyAddresses()).extracting(EndpointAddress::ip).containsExactly("10.0.0.1");
    }

    @Test
    void theResultIsTheSameWhateverOrderThePodsComeIn() {
        Pod a = pod("a", "10.0.0.1", true, null);
        Pod b = pod("b", "10.0.0.2", true, null);
        assertThat(EndpointsBuilder.subsets(SERVICE, List.of(a, b), n -> true))
                .isEqualTo(EndpointsBuilder.subsets(SERVICE, List.of(b, a), n -> true));
    }

    @Test
    void podsWithDifferentHostPortsGetTheirOwnSubsets() {
        Pod a = pod("a", "10.0.0.1", true, List.of(new HostPortMapping("http", 8080, 31001, null)));
        Pod b = pod("b", "10.0.0.1", true, List.of(new HostPortMapping("http", 8080, 31005, null)));
        List<EndpointSubset> subsets = EndpointsBuilder.subsets(SERVICE, List.of(a, b), n -> true);
        assertThat(subsets).hasSize(2);
        assertThat(subsets).flatExtracting(EndpointSubset::ports).extracting(EndpointPort::port).contains(31001, 31005);
    }

    @Test
    void aNamedTargetPortThePodDoesNotDeclareLeavesThatPortOut() {
        Pod p = Json.fromYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: x, namespace: default, labels: {app: web}}
                spec:
                  containers:
                  - {name: main, image: busybox:1}
                """, Pod.class).withStatus(pod("x", "10.0.0.9", true, null).status());
        List<EndpointSubset> subsets = EndpointsBuilder.subsets(SERVICE, List.of(p), n -> true);
        assertThat(subsets.getFirst().ports()).containsExactly(new EndpointPort("metrics", 9100, Protocol.TCP));
    }
}
