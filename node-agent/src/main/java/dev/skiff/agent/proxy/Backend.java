package dev.skiff.agent.proxy;

import java.net.InetSocketAddress;

/** One ready endpoint: in Skiff a node address and the host port the pod got there. */
public record Backend(String ip, int port) {

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(ip, port);
    }

    @Override
    public String toString() {
        return ip + ":" + port;
    }
}
