package dev.skiff.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Host ports on this node's address (DESIGN.md §5): a free port is one the kernel hands out that
 * no pod of this node holds yet (its process may not be listening at the moment).
 */
final class HostPorts {
    private final InetAddress address;
    private final Set<Integer> held = new HashSet<>();

    HostPorts(InetAddress address) {
        this.address = address;
    }

    synchronized int allocate() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (var socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(address, 0));
                int port = socket.getLocalPort();
                if (held.add(port)) return port;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot find a free port on " + address.getHostAddress() + ": "
                        + e.getMessage() + " — check the node's --address", e);
            }
        }
        throw new IllegalStateException("no free port on " + address.getHostAddress());
    }

    /** Marks ports as taken (a declared hostPort, or ports of pods re-attached after a restart). */
    synchronized void hold(Collection<Integer> ports) {
        held.addAll(ports);
    }

    synchronized void release(Collection<Integer> ports) {
        held.removeAll(ports);
    }
}
