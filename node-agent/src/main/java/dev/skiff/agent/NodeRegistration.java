package dev.skiff.agent;

import dev.skiff.api.Condition;
import dev.skiff.api.DaemonEndpoint;
import dev.skiff.api.NodeDaemonEndpoints;
import dev.skiff.api.Node;
import dev.skiff.api.NodeAddress;
import dev.skiff.api.NodeStatus;
import dev.skiff.api.NodeSystemInfo;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Quantity;
import dev.skiff.client.ApiException;
import dev.skiff.client.Client;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The agent's Node object: capacity, labels, addresses, node info; written only when it changes. */
final class NodeRegistration {
    private NodeRegistration() {}

    static Node register(Client client, AgentConfig config, Optional<String> limitsNotEnforced, int apiPort) {
        var now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        var status = status(config, limitsNotEnforced, apiPort, now);
        var labels = labels(config);
        var existing = client.get(Node.class, null, config.nodeName());
        if (existing.isEmpty()) {
            try {
                return client.create(new Node(null, null, ObjectMeta.named(config.nodeName()).withLabels(labels), null, status));
            } catch (ApiException.AlreadyExists raced) {
                // another start of this agent got there first; update below
            }
        }
        var node = client.require(Node.class, null, config.nodeName());
        if (!labels.equals(merged(node.metadata().labelsOrEmpty(), labels))) {
            node = client.modify(Node.class, null, config.nodeName(),
                    n -> n.withMetadata(n.metadata().withLabels(merged(n.metadata().labelsOrEmpty(), labels))));
        }
        var kept = keepTimes(status, node.status());
        if (kept.equals(node.status())) return node;
        return client.modifyStatus(Node.class, null, config.nodeName(), n -> n.withStatus(keepTimes(status, n.status())));
    }

    private static Map<String, String> merged(Map<String, String> existing, Map<String, String> ours) {
        var all = new LinkedHashMap<>(existing);
        all.putAll(ours);
        return all;
    }

    static Map<String, String> labels(AgentConfig config) {
        var labels = new LinkedHashMap<String, String>();
        labels.put("kubernetes.io/hostname", config.nodeName());
        labels.put("kubernetes.io/os", "linux");
        labels.put("kubernetes.io/arch", arch());
        labels.put("skiff.dev/runtime", config.runtime());
        labels.putAll(config.labels());
        return labels;
    }

    private static NodeStatus status(AgentConfig config, Optional<String> limitsNotEnforced, int apiPort, Instant now) {
        var capacity = Capacity.detect(config.capacity());
        var allocatable = new LinkedHashMap<String, Quantity>();
        capacity.forEach((k, v) -> allocatable.put(k, config.reserved().containsKey(k) ? v.subtract(config.reserved().get(k)) : v));
        var conditions = new ArrayList<Condition>();
        conditions.add(Condition.of("Ready", true, "AgentReady", "skiff agent is posting ready status", now));
        conditions.add(Condition.of("LimitsEnforced", limitsNotEnforced.isEmpty(),
                limitsNotEnforced.isEmpty() ? "CgroupsAvailable" : "CgroupsUnavailable",
                limitsNotEnforced.map(r -> "cpu and memory limits are not enforced: " + r).orElse(null), now));
        var addresses = List.of(new NodeAddress("InternalIP", config.address()), new NodeAddress("Hostname", config.nodeName()));
        var info = new NodeSystemInfo(machineId(), null, null, System.getProperty("os.version"), osImage(),
                config.runtime() + "://skiff", "skiff-" + config.version(), "skiff-" + config.version(), "linux", arch());
        return new NodeStatus(capacity, allocatable, null, conditions, addresses,
                new NodeDaemonEndpoints(new DaemonEndpoint(apiPort)), info);
    }

    private static NodeStatus keepTimes(NodeStatus next, NodeStatus old) {
        if (old == null) return next;
        var conditions = new ArrayList<Condition>();
        for (var c : next.conditions()) {
            var before = old.conditions() == null ? Optional.<Condition>empty()
                    : old.conditions().stream().filter(o -> o.type().equals(c.type())).findFirst();
            conditions.add(before.filter(o -> o.status().equals(c.status()) && java.util.Objects.equals(o.reason(), c.reason()))
                    .map(o -> new Condition(c.type(), c.status(), c.reason(), c.message(), o.lastProbeTime(),
                            o.lastHeartbeatTime(), o.lastUpdateTime(), o.lastTransitionTime())).orElse(c));
        }
        return new NodeStatus(next.capacity(), next.allocatable(), next.phase(), conditions, next.addresses(),
                next.daemonEndpoints(), next.nodeInfo());
    }

    static String arch() {
        var a = System.getProperty("os.arch");
        return switch (a) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "arm" -> "arm";
            default -> a;
        };
    }

    private static String machineId() {
        return read(Path.of("/etc/machine-id")).map(String::strip).orElse(null);
    }

    private static String osImage() {
        return read(Path.of("/etc/os-release")).flatMap(s -> s.lines().filter(l -> l.startsWith("PRETTY_NAME="))
                .map(l -> l.substring("PRETTY_NAME=".length()).replace("\"", "")).findFirst()).orElse("Linux");
    }

    private static Optional<String> read(Path p) {
        try {
            return Files.exists(p) ? Optional.of(Files.readString(p)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
