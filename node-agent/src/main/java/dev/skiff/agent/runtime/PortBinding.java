package dev.skiff.agent.runtime;

/**
 * A declared container port and the host port the agent allocated for it on the node address
 * {@code hostIp}. {@code name} may be null; protocol is "TCP" or "UDP".
 */
public record PortBinding(String name, int containerPort, String hostIp, int hostPort, String protocol) {}
