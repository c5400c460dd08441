package dev.skiff.client.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Defaults;
import dev.skiff.api.Json;
import dev.skiff.api.Pod;
import dev.skiff.api.PodPhase;
import dev.skiff.api.PodStatus;
import dev.skiff.api.Quantity;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuotaUsageTest {

    private static final Pod POD = Defaults.apply(Json.fromYaml("""
            apiVersion: v1
            kind: Pod
            metadata: {name: p, namespace: ns}
            spec:
              initContainers:
              - {name: setup, image: busybox:1, resources: {requests: {cpu: "1"}}}
              containers:
              - {name: a, image: busybox:1, resources: {requests: {cpu: 300m}, limits: {memory: 64Mi}}}
              - {name: b, image: busybox:1, resources: {requests: {cpu: 200m, memory: 32Mi}}}
            """, Pod.class));

    @Test
    void aPodUsesItsContainersSumRaisedToItsLargestInitContainer() {
        assertThat(QuotaUsage.of(POD)).isEqualTo(Map.of(
                "pods", q("1"), "count/pods", q("1"),
                "requests.cpu", q("1"), "cpu", q("1"),
                // a's request defaults to its limit, as Kubernetes defaults pods
                "requests.memory", q("96Mi"), "memory", q("96Mi"),
                "limits.memory", q("64Mi")));
    }

    @Test
    void aFinishedPodUsesNothing() {
        for (PodPhase phase : new PodPhase[] {PodPhase.SUCCEEDED, PodPhase.FAILED}) {
            Pod done = POD.withStatus(new PodStatus(phase, null, null, null, null, null, null, null, null, null, null, null));
            assertThat(QuotaUsage.of(done)).isEmpty();
        }
    }

    private static Quantity q(String s) {
        return Quantity.parse(s);
    }
}
