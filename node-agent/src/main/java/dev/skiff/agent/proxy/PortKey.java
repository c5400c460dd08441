package dev.skiff.agent.proxy;

import dev.skiff.api.Protocol;

/** One port of one service: what a listener forwards to. {@code port} is the port's name ("" when unnamed). */
public record PortKey(String namespace, String name, String port, Protocol protocol) {

    @Override
    public String toString() {
        return namespace + "/" + name + (port.isEmpty() ? "" : ":" + port) + "/" + protocol;
    }
}
