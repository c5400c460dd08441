package dev.skiff.agent.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How a node's DNS server runs.
 *
 * @param address   listen address (the node address in a local cluster)
 * @param port      listen port: unprivileged (10053) by default, 53 when root and asked
 * @param domain    the cluster domain, {@code cluster.local} by default
 * @param upstreams where other names go: the nameservers of /etc/resolv.conf by default
 * @param ttl       TTL of the answers about services (short: endpoints move)
 */
public record DnsConfig(String address, int port, String domain, List<InetSocketAddress> upstreams, Duration ttl) {

    public static final int DEFAULT_PORT = 10053;
    public static final String DEFAULT_DOMAIN = "cluster.local";

    public DnsConfig {
        upstreams = List.copyOf(upstreams);
        domain = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
    }

    public static DnsConfig of(String address, int port) {
        return new DnsConfig(address, port, DEFAULT_DOMAIN, resolvConf(Path.of("/etc/resolv.conf")), Duration.ofSeconds(5));
    }

    public DnsConfig withUpstreams(List<InetSocketAddress> v) {
        return new DnsConfig(address, port, domain, v, ttl);
    }

    public DnsConfig withDomain(String v) {
        return new DnsConfig(address, port, v, upstreams, ttl);
    }

    /** The {@code nameserver} lines of a resolv.conf (none when it cannot be read). */
    public static List<InetSocketAddress> resolvConf(Path file) {
        List<InetSocketAddress> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String[] words = line.trim().split("\\s+");
                if (words.length >= 2 && words[0].equals("nameserver")) out.add(new InetSocketAddress(words[1], 53));
            }
        } catch (IOException e) {
            // no upstream: names outside the cluster domain get SERVFAIL
        }
        return out;
    }
}
