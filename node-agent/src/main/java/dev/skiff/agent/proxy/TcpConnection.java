package dev.skiff.agent.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Optional;

/**
 * One client connection: tries the service's backends in the balancer's order (a refused or
 * unreachable one falls through to the next), then copies bytes both ways — one virtual thread per
 * direction, half-closes passed on — asking the connection's {@link Fault} before each chunk.
 */
final class TcpConnection {

    /** Bytes each direction starts with, before its first full read grows it. */
    static final int INITIAL_BUFFER = 4 * 1024;

    private final Frontend frontend;
    private final SocketChannel client;
    private final Router router;
    private volatile SocketChannel backend;
    private volatile Flow flow;
    /** A drain timer is pending for this connection. */
    volatile boolean draining;

    TcpConnection(Frontend frontend, SocketChannel client, Router router) {
        this.frontend = frontend;
        this.client = client;
        this.router = router;
    }

    Flow flow() {
        return flow;
    }

    void run() {
        InetSocketAddress from = remote(client);
        Optional<PortKey> key = router.keyOf(frontend);
        Optional<Balancer> balancer = key.flatMap(router::balancer);
        if (balancer.isEmpty()) {
            reset();
            return;
        }
        String clientIp = from == null ? "" : from.getAddress().getHostAddress();
        List<Backend> candidates = balancer.get().candidates(clientIp);
        for (Backend b : candidates) {
            Flow f = new Flow(key.get(), frontend, from, b);
            Fault fault = router.filter().faultFor(f);
            switch (fault.onConnect(f)) {
                case RESET -> {
                    reset();
                    return;
                }
                case DROP -> {
                    swallow();
                    return;
                }
                case FORWARD -> { }
            }
            SocketChannel up = connect(b);
            if (up == null) continue;
            balancer.get().used(clientIp, b);
            this.backend = up;
            this.flow = f;
            pipe(up, fault);
            return;
        }
        reset(); // no backend answered: the client sees a refused connection, as with kube-proxy's REJECT
    }

    private SocketChannel connect(Backend b) {
        SocketChannel up = null;
        try {
            up = SocketChannel.open();
            up.setOption(StandardSocketOptions.TCP_NODELAY, true);
            up.socket().connect(b.socketAddress(), (int) router.config().connectTimeout().toMillis());
            return up;
        } catch (IOException e) {
            closeQuietly(up);
            return null;
        }
    }

    private void pipe(SocketChannel up, Fault fault) {
        router.opened(this);
        try {
            Thread toClient = Thread.ofVirtual().start(() -> copy(up, client, fault, Fault.Direction.TO_CLIENT));
            copy(client, up, fault, Fault.Direction.TO_BACKEND);
            toClient.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(client);
            closeQuietly(up);
            router.closed(this);
        }
    }

    /**
     * One direction's copy loop. It starts on a small buffer, so an idle or chatty connection costs
     * little, and grows to the configured size the first time a read fills it (a bulk transfer),
     * cutting the syscalls per byte; the buffer is direct so reads and writes need no extra copy.
     */
    private void copy(SocketChannel from, SocketChannel to, Fault fault, Fault.Direction direction) {
        int max = router.config().bufferSize();
        ByteBuffer buf = ByteBuffer.allocateDirect(Math.min(INITIAL_BUFFER, max));
        try {
            while (true) {
                buf.clear();
                int n = from.read(buf);
                if (n < 0) break;
                switch (fault.beforeForward(direction, n)) {
                    case DROP -> {
                        continue;
                    }
                    case RESET -> {
                        resetBoth();
                        return;
                    }
                    case FORWARD -> { }
                }
                buf.flip();
                while (buf.hasRemaining()) to.write(buf);
                if (n == buf.capacity() && n < max) buf = ByteBuffer.allocateDirect(max);
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // one side went away: take the other down with it
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** Closes the connection now (a drained backend's time is up, or the proxy stops). */
    void close() {
        closeQuietly(client);
        closeQuietly(backend);
    }

    private void resetBoth() {
        reset();
        SocketChannel up = backend;
        if (up != null) {
            try {
                up.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException e) {
                // closing anyway
            }
            closeQuietly(up);
        }
    }

    /** Closes with SO_LINGER 0: the client gets a reset, as from a refused port. */
    private void reset() {
        try {
            client.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException e) {
            // closing anyway
        }
        closeQuietly(client);
    }

    /** A blackhole: read and discard until the client gives up. */
    private void swallow() {
        ByteBuffer buf = ByteBuffer.allocate(1024);
        try {
            while (client.read(buf.clear()) >= 0) {
                // nothing comes back
            }
        } catch (IOException e) {
            // client gone
        } finally {
            closeQuietly(client);
        }
    }

    private static InetSocketAddress remote(SocketChannel c) {
        try {
            return (InetSocketAddress) c.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    private static void closeQuietly(SocketChannel c) {
        if (c == null) return;
        try {
            c.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
