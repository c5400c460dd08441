package dev.skiff.scheduler;

import dev.skiff.api.ContainerPort;
import dev.skiff.api.Protocol;

/** A declared host port: two pods on a node clash when port and protocol match and the IPs overlap. */
public record HostPort(String ip, Protocol protocol, int port) {

    private static final String ANY = "0.0.0.0";

    public static HostPort of(ContainerPort p) {
        String ip = p.hostIP() == null || p.hostIP().isEmpty() ? ANY : p.hostIP();
        return new HostPort(ip, p.protocol() == null ? Protocol.TCP : p.protocol(), p.hostPort());
    }

    public boolean conflictsWith(HostPort other) {
        return port == other.port && protocol == other.protocol
                && (ip.equals(ANY) || other.ip.equals(ANY) || ip.equals(other.ip));
    }
}
