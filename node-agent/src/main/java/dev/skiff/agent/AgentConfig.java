package dev.skiff.agent;

import dev.skiff.api.Quantity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How one agent runs. {@code capacity} entries override what is detected from /proc;
 * {@code reserved} is subtracted for allocatable; {@code extraPath} goes first on the pods' PATH
 * (the directory of the skiff launcher); {@code dockerHost} is for the docker runtime;
 * {@code apiPort} is the logs/exec API's port; {@code network} the service proxy and DNS.
 */
public record AgentConfig(String nodeName, String address, String runtime, Path dataDir, Map<String, Quantity> capacity,
                          Map<String, Quantity> reserved, Map<String, String> labels, Backoff backoff,
                          Duration heartbeatTtl, List<Path> extraPath, String version, String dockerHost,
                          int apiPort, AgentNetworking network) {

    /** The agent API's port when none is given: the kubelet's, on the node's own address. */
    public static final int DEFAULT_API_PORT = 10250;

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

    /** Proxy and DNS with their defaults. */
    public AgentConfig(String nodeName, String address, String runtime, Path dataDir, Map<String, Quantity> capacity,
                       Map<String, Quantity> reserved, Map<String, String> labels, Backoff backoff,
                       Duration heartbeatTtl, List<Path> extraPath, String version, String dockerHost, int apiPort) {
        this(nodeName, address, runtime, dataDir, capacity, reserved, labels, backoff, heartbeatTtl, extraPath, version,
                dockerHost, apiPort, null);
    }

    /** The default docker host, API port, proxy and DNS. */
    public AgentConfig(String nodeName, String address, String runtime, Path dataDir, Map<String, Quantity> capacity,
                       Map<String, Quantity> reserved, Map<String, String> labels, Backoff backoff,
                       Duration heartbeatTtl, List<Path> extraPath, String version) {
        this(nodeName, address, runtime, dataDir, capacity, reserved, labels, backoff, heartbeatTtl, extraPath, version,
                null, DEFAULT_API_PORT, null);
    }

    public static AgentConfig of(String nodeName, String address, Path dataDir) {
        return new AgentConfig(nodeName, address, "process", dataDir, null, null, null, null, null, null, null, null,
                DEFAULT_API_PORT, null);
    }

    public AgentConfig withBackoff(Backoff b) {
        return new AgentConfig(nodeName, address, runtime, dataDir, capacity, reserved, labels, b, heartbeatTtl, extraPath,
                version, dockerHost, apiPort, network);
    }

    public AgentConfig withHeartbeatTtl(Duration ttl) {
        return new AgentConfig(nodeName, address, runtime, dataDir, capacity, reserved, labels, backoff, ttl, extraPath,
                version, dockerHost, apiPort, network);
    }

    public AgentConfig withLabels(Map<String, String> l) {
        return new AgentConfig(nodeName, address, runtime, dataDir, capacity, reserved, l, backoff, heartbeatTtl, extraPath,
                version, dockerHost, apiPort, network);
    }

    public AgentConfig withCapacity(Map<String, Quantity> c) {
        return new AgentConfig(nodeName, address, runtime, dataDir, c, reserved, labels, backoff, heartbeatTtl, extraPath,
                version, dockerHost, apiPort, network);
    }

    public AgentConfig withExtraPath(List<Path> p) {
        return new AgentConfig(nodeName, address, runtime, dataDir, capacity, reserved, labels, backoff, heartbeatTtl, p,
                version, dockerHost, apiPort, network);
    }

    public AgentConfig withVersion(String v) {
        return new AgentConfig(nodeName, address, runtime, dataDir, capacity, reserved, labels, backoff, heartbeatTtl, extraPath,
                v, dockerHost, apiPort, network);
    }

    /** Runs pods through a Docker Engine API ({@code host} null = $DOCKER_HOST, else the default socket). */
    public AgentConfig withDocker(String host) {
        return new AgentConfig(nodeName, address, "docker", dataDir, capacity, reserved, labels, backoff, heartbeatTtl, extraPath,
                version, host, apiPort, network);
    }

    /** The port of the logs/exec API on {@code address}; 0 picks a free one (kept across restarts in the data dir). */
    public AgentConfig withApiPort(int port) {
        return new AgentConfig(nodeName, address, runtime, dataDir, capacity, reserved, labels, backoff, heartbeatTtl, extraPath,
                version, dockerHost, port, network);
    }

    public AgentConfig withNetwork(AgentNetworking n) {
        return new AgentConfig(nodeName, address, runtime, dataDir, capacity, reserved, labels, backoff, heartbeatTtl, extraPath,
                version, dockerHost, apiPort, n);
    }
}
