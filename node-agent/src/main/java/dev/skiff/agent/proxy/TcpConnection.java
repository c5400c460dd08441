package dev.skiff.agent.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client connection: tries the service's backends in the balancer's order (a refused or
 * unreachable one falls through to the next), then copies bytes both ways, half-closes passed on.
 * While its {@link Fault} is idle (no chaos rule applies) an {@link EventLoop} copies them
 * ({@link Splice}); otherwise one virtual thread per direction does, asking the fault before each
 * chunk — it may block there.
 */
final class TcpConnection {

    /**
     * What one direction had in hand when its connection left the event loop: {@code passed} was
     * read and shown to the fault already, {@code fresh} was read but not yet shown; {@code ended}:
     * its source had ended. Either buffer may be null.
     */
    record Carry(ByteBuffer passed, ByteBuffer fresh, boolean ended) {
        static final Carry NONE = new Carry(null, null, false);
    }

    /** Bytes each direction starts with, before its first full read grows it. */
    static final int INITIAL_BUFFER = 4 * 1024;

    private final Frontend frontend;
    private final SocketChannel client;
    private final Router router;
    private volatile SocketChannel backend;
    private volatile Flow flow;
    private volatile EventLoop loop;
    private final AtomicBoolean finished = new AtomicBoolean();
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
            router.opened(this);
            if (fault.idle()) {
                loop = router.loop();
                Splice.start(this, fault, loop, client, up);
            } else {
                pipe(fault, Carry.NONE, Carry.NONE);
            }
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

    /** Copies both ways on virtual threads (the calling one and one more) until both ends close. */
    void pipe(Fault fault, Carry toBackend, Carry toClient) {
        SocketChannel up = backend;
        try {
            Thread back = Thread.ofVirtual().start(() -> copy(up, client, fault, Fault.Direction.TO_CLIENT, toClient));
            copy(client, up, fault, Fault.Direction.TO_BACKEND, toBackend);
            back.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finish();
        }
    }

    /** Closes both sockets and forgets the connection; once, whoever calls first. */
    void finish() {
        if (!finished.compareAndSet(false, true)) return;
        closeQuietly(client);
        closeQuietly(backend);
        router.closed(this);
    }

    /**
     * One direction's copy loop. It starts on a small buffer, so an idle or chatty connection costs
     * little, and grows to the configured size the first time a read fills it (a bulk transfer),
     * cutting the syscalls per byte; the buffer is direct so reads and writes need no extra copy.
     */
    private void copy(SocketChannel from, SocketChannel to, Fault fault, Fault.Direction direction, Carry carry) {
        int max = router.config().bufferSize();
        ByteBuffer buf = ByteBuffer.allocateDirect(Math.min(INITIAL_BUFFER, max));
        try {
            if (carry.passed() != null) writeFully(to, carry.passed());
            if (carry.fresh() != null) {
                switch (fault.beforeForward(direction, carry.fresh().remaining())) {
                    case DROP -> { }
                    case RESET -> {
                        resetBoth();
                        return;
                    }
                    case FORWARD -> writeFully(to, carry.fresh());
                }
            }
            while (!carry.ended()) {
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
                writeFully(to, buf.flip());
                if (n == buf.capacity() && n < max) buf = ByteBuffer.allocateDirect(max);
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // one side went away: take the other down with it
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void writeFully(SocketChannel to, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) to.write(buf);
    }

    /** Closes the connection now (a drained backend's time is up, or the proxy stops). */
    void close() {
        finish();
        EventLoop l = loop;
        if (l != null) l.execute(() -> { }); // its selector drops the keys, and so the sockets, at once
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
