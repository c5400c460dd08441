package dev.skiff.agent;

import dev.skiff.api.Quantity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How one agent runs. {@code capacity} entries override what is detected from /proc;
 * {@code reserved} is subtracted for allocatable; {@code extraPath} goes first on the pods' PATH
 * (the directory of the skiff launcher).
 */
public record AgentConfig(String nodeName, String address, String runtime, Path dataDir, Map<String, Quantity> capacity,
                          Map<String, Quantity> reserved, Map<String, String> labels, Backoff backoff,
                          Duration heartbeatTtl, List<Path> extraPath, String version, AgentNetworking network) {

    public AgentConfig {
        capacity = capacity == null ? Map.of() : Map.copyOf(capacity);
        reserved = reserved == null ? Map.of() : Map.copyOf(reserved);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        extraPath = extraPath == null ? List.of() : List.copyOf(extraPath);
        backoff = backoff == null ? Backoff.KUBERNETES : backoff;
        heartbeatTtl = heartbeatTtl == null ? Duration.ofSeconds(10) : heartbeatTtl;
        runtime = runtime == null ? "process" : runtime;
        version = version == null ? "dev" : version;
        network = network == null ? AgentNetworking.DEFAULT : network;
    }

    /** The settings of the pre-networking constructor: proxy and DNS with their defaults. */
    public AgentConfig(String nodeName, String address, String runtime, Path dataDir, Map<String, Quantity> capacity,
                       Map<String, Quantity> reserved, Map<String, String> labels, Backoff backoff,
                       Duration heartbeatTtl, List<Path> extraPath, String version) {
        this(nodeName, address, runtime, dataDir, capacity, reserved, labels, backoff, heartbeatTtl, extraPath, version, null);
    }

    public AgentConfig withNetwork(AgentNetworking n) {
        return new AgentConfig(nodeName, address, runtime, dataDir, capacity, reserved, labels, backoff, heartbeatTtl, extraPath, version, n);
    }

    public static AgentConfig of(String nodeName, String address, Path dataDir) {
        return new AgentConfig(nodeName, address, "process", dataDir, null, null, null, null, null, null, null, null);
    }

    public AgentConfig withBackoff(Backoff b) {
        return new AgentConfig(nodeName, address, runtime, dataDir, capacity, reserved, labels, b, heartbeatTtl, extraPath, version, network);
    }

    public AgentConfig withHeartbeatTtl(Duration ttl) {
        return new AgentConfig(nodeName, address, runtime, dataDir, capacity, reserved, labels, backoff, ttl, extraPath, version, network);
    }

    public AgentConfig withLabels(Map<String, String> l) {
        return new AgentConfig(nodeName, address, runtime, dataDir, capacity, reserved, l, backoff, heartbeatTtl, extraPath, version, network);
    }

    public AgentConfig withCapacity(Map<String, Quantity> c) {
        return new AgentConfig(nodeName, address, runtime, dataDir, c, reserved, labels, backoff, heartbeatTtl, extraPath, version, network);
    }

    public AgentConfig withExtraPath(List<Path> p) {
        return new AgentConfig(nodeName, address, runtime, dataDir, capacity, reserved, labels, backoff, heartbeatTtl, p, version, network);
    }

    public AgentConfig withVersion(String v) {
        return new AgentConfig(nodeName, address, runtime, dataDir, capacity, reserved, labels, backoff, heartbeatTtl, extraPath, v, network);
    }
}
