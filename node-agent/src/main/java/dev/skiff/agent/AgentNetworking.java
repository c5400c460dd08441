package dev.skiff.agent;

/**
 * The agent's service networking (DESIGN.md §5).
 *
 * @param proxy           run the service proxy (cluster IPs, node ports, LoadBalancer ports)
 * @param nodePortAddress where node ports listen: null = every address (0.0.0.0), as kube-proxy
 * @param dnsPort         the cluster DNS port on the node address: 10053 by default, 53 when root and
 *                        asked, 0 = no DNS server
 * @param clusterDomain   the DNS domain of services, {@code cluster.local} by default
 */
public record AgentNetworking(boolean proxy, String nodePortAddress, int dnsPort, String clusterDomain) {

    public static final AgentNetworking DEFAULT = new AgentNetworking(true, null, 10053, "cluster.local");
    public static final AgentNetworking NONE = new AgentNetworking(false, null, 0, "cluster.local");

    public AgentNetworking {
        clusterDomain = clusterDomain == null || clusterDomain.isEmpty() ? "cluster.local" : clusterDomain;
        if (dnsPort < 0 || dnsPort > 65535) throw new IllegalArgumentException("--dns-port " + dnsPort + " is not a port (0 turns DNS off)");
    }

    public AgentNetworking withDnsPort(int v) {
        return new AgentNetworking(proxy, nodePortAddress, v, clusterDomain);
    }

    public AgentNetworking withProxy(boolean v) {
        return new AgentNetworking(v, nodePortAddress, dnsPort, clusterDomain);
    }

    public AgentNetworking withNodePortAddress(String v) {
        return new AgentNetworking(proxy, v, dnsPort, clusterDomain);
    }

    public AgentNetworking withClusterDomain(String v) {
        return new AgentNetworking(proxy, nodePortAddress, dnsPort, v);
    }
}
