package dev.skiff.agent.proxy;

import java.time.Duration;

/**
 * How a node's proxy runs.
 *
 * @param nodeAddress     this node's address: LoadBalancer ports open here
 * @param nodePortAddress where node ports listen: {@code 0.0.0.0} (every address, as kube-proxy) by default
 * @param drainTimeout    how long a connection to a removed endpoint may go on before it is closed
 * @param udpIdleTimeout  a UDP session with no traffic for this long is forgotten
 * @param connectTimeout  how long to wait for a backend before trying the next
 * @param bufferSize      the most bytes one read takes: the event loops read into one buffer of this size each
 *                        (idle connections hold none), a direction whose far side is full keeps one until it
 *                        drains; a connection under a chaos rule (virtual threads) starts small and grows to it
 */
public record ProxyConfig(String nodeAddress, String nodePortAddress, Duration drainTimeout, Duration udpIdleTimeout,
                          Duration connectTimeout, int bufferSize) {

    public static ProxyConfig forNode(String nodeAddress) {
        return new ProxyConfig(nodeAddress, "0.0.0.0", Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofSeconds(1), 64 * 1024);
    }

    public ProxyConfig withNodePortAddress(String v) {
        return new ProxyConfig(nodeAddress, v, drainTimeout, udpIdleTimeout, connectTimeout, bufferSize);
    }

    public ProxyConfig withDrainTimeout(Duration v) {
        return new ProxyConfig(nodeAddress, nodePortAddress, v, udpIdleTimeout, connectTimeout, bufferSize);
    }

    public ProxyConfig withUdpIdleTimeout(Duration v) {
        return new ProxyConfig(nodeAddress, nodePortAddress, drainTimeout, v, connectTimeout, bufferSize);
    }
}
