package dev.skiff.scheduler;

import dev.skiff.api.Condition;
import dev.skiff.api.Container;
import dev.skiff.api.ContainerPort;
import dev.skiff.api.Node;
import dev.skiff.api.NodeSpec;
import dev.skiff.api.NodeStatus;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Pod;
import dev.skiff.api.PodSpec;
import dev.skiff.api.Quantity;
import dev.skiff.api.ResourceRequirements;
import dev.skiff.api.Taint;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Small builders for scheduler tests: nodes with capacity and pods with requests. */
final class TestObjects {

    private TestObjects() {
    }

    static Node node(String name, String cpu, String memory) {
        return node(name, cpu, memory, "110", Map.of());
    }

    static Node node(String name, String cpu, String memory, String pods, Map<String, String> labels) {
        Map<String, Quantity> alloc = Map.of("cpu", Quantity.parse(cpu), "memory", Quantity.parse(memory),
                "pods", Quantity.parse(pods));
        NodeStatus status = new NodeStatus(alloc, alloc, null,
                List.of(Condition.of("Ready", true, "AgentReady", null, Instant.EPOCH)), null, null, null);
        return new Node(null, null, ObjectMeta.named(name).withLabels(labels), null, status);
    }

    static Node cordoned(Node n) {
        return n.withSpec(new NodeSpec(null, null, true, taints(n)));
    }

    static Node tainted(Node n, Taint t) {
        List<Taint> all = new java.util.ArrayList<>(taints(n));
        all.add(t);
        return n.withSpec(new NodeSpec(null, null, n.spec() == null ? null : n.spec().unschedulable(), all));
    }

    static Node withReady(Node n, String status) {
        NodeStatus s = n.status();
        Condition c = new Condition("Ready", status, "NodeStatusUnknown", null, null, null, null, Instant.EPOCH);
        return n.withStatus(new NodeStatus(s.capacity(), s.allocatable(), null, List.of(c), null, null, null));
    }

    private static List<Taint> taints(Node n) {
        return n.spec() == null || n.spec().taints() == null ? List.of() : n.spec().taints();
    }

    static Pod pod(String name, String cpu, String memory) {
        Map<String, Quantity> req = new HashMap<>();
        if (cpu != null) req.put("cpu", Quantity.parse(cpu));
        if (memory != null) req.put("memory", Quantity.parse(memory));
        Container c = Container.of("main", "busybox").withResources(new ResourceRequirements(null, req));
        return Pod.of(ObjectMeta.named("default", name), PodSpec.of(c));
    }

    static Pod withHostPort(Pod p, int port) {
        Container c = p.spec().containers().getFirst()
                .withPorts(List.of(new ContainerPort("http", 8080, port, null, null)));
        return p.withSpec(p.spec().withContainers(null, List.of(c)));
    }

    static Pod bound(Pod p, String node) {
        return p.withSpec(p.spec().withNodeName(node));
    }
}
