package dev.skiff.agent.proxy;

import java.net.InetSocketAddress;

/** One proxied connection (or UDP session): which service, from whom, to which backend. */
public record Flow(PortKey service, Frontend frontend, InetSocketAddress client, Backend backend) {
}
