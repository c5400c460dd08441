package dev.skiff.agent.proxy;

import dev.skiff.api.Protocol;

/** An address and port the proxy listens on (a cluster IP, a node port, a load-balancer port). */
public record Frontend(String address, int port, Protocol protocol) {

    @Override
    public String toString() {
        return address + ":" + port + "/" + protocol;
    }
}
