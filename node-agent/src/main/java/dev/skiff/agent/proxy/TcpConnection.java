package dev.skiff.agent.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client connection: tries the service's backends in the balancer's order (a refused or
 * unreachable one falls through to the next), then copies bytes both ways, half-closes passed on.
 * Accepted and connected on an {@link EventLoop} without blocking, and copied there
 * ({@link Splice}) while its {@link Fault} is idle (no chaos rule applies); while one does, a
 * virtual thread connects (the rule may hold the connection: a partition) and one virtual thread
 * per direction copies, asking the fault before each chunk — it may block there.
 */
final class TcpConnection implements EventLoop.Ready {

    /**
     * What one direction had in hand when its connection left the event loop: {@code passed} was
     * read and shown to the fault already, {@code fresh} was read but not yet shown; {@code ended}:
     * its source had ended. Either buffer may be null.
     */
    record Carry(ByteBuffer passed, ByteBuffer fresh, boolean ended) {
        static final Carry NONE = new Carry(null, null, false);
    }

    /** A connect in flight on the loop: the backend, its flow and fault, the channel. */
    private record Attempt(Backend backend, Flow flow, Fault fault, SocketChannel channel) {
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
    // while connecting (one thread at a time: the loop's, or the virtual thread it handed over to)
    private PortKey key;
    private Balancer balancer;
    private InetSocketAddress from;
    private String clientIp;
    private List<Backend> candidates;
    private int next;
    private Attempt attempt;

    TcpConnection(Frontend frontend, SocketChannel client, Router router) {
        this.frontend = frontend;
        this.client = client;
        this.router = router;
    }

    Flow flow() {
        return flow;
    }

    /** On {@code loop}'s thread, just accepted: picks the backends to try and starts on the first. */
    void start(EventLoop loop) {
        this.loop = loop;
        from = remote(client);
        Optional<PortKey> k = router.keyOf(frontend);
        Optional<Balancer> b = k.flatMap(router::balancer);
        if (b.isEmpty()) {
            reset();
            return;
        }
        key = k.get();
        balancer = b.get();
        clientIp = from == null ? "" : from.getAddress().getHostAddress();
        candidates = balancer.candidates(clientIp);
        tryNext();
    }

    /** On the loop: connects to the next candidate without blocking, or leaves the loop for a chaos rule. */
    private void tryNext() {
        while (next < candidates.size()) {
            Backend b = candidates.get(next++);
            Flow f = new Flow(key, frontend, from, b);
            Fault fault = router.filter().faultFor(f);
            if (!fault.idle()) {
                Thread.ofVirtual().start(() -> connectBlocking(b, f, fault));
                return;
            }
            switch (fault.onConnect(f)) { // no rule applies: it answers at once
                case RESET -> {
                    reset();
                    return;
                }
                case DROP -> {
                    Thread.ofVirtual().start(this::swallow);
                    return;
                }
                case FORWARD -> { }
            }
            if (connectAsync(b, f, fault)) return;
        }
        router.unanswered(key, candidates.size());
        reset(); // no backend answered: the client sees a refused connection, as with kube-proxy's REJECT
    }

    /** Starts a non-blocking connect; false if it failed at once. */
    private boolean connectAsync(Backend b, Flow f, Fault fault) {
        SocketChannel up = null;
        try {
            up = SocketChannel.open();
            up.configureBlocking(false);
            up.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (up.connect(b.socketAddress())) {
                connected(b, f, fault, up);
                return true;
            }
            Attempt a = new Attempt(b, f, fault, up);
            attempt = a;
            up.register(loop.selector(), SelectionKey.OP_CONNECT, this);
            loop.schedule(router.config().connectTimeout(), () -> {
                if (attempt == a) failed(); // no answer in time: the next backend
            });
            return true;
        } catch (IOException e) {
            closeQuietly(up);
            return false;
        }
    }

    /** The backend being connected to answered (or refused). */
    @Override
    public void ready(SelectionKey k) {
        Attempt a = attempt;
        if (a == null || !k.isValid()) return;
        try {
            if (!a.channel().finishConnect()) return;
        } catch (IOException e) {
            failed();
            return;
        }
        attempt = null;
        connected(a.backend(), a.flow(), a.fault(), a.channel());
    }

    private void failed() {
        Attempt a = attempt;
        attempt = null;
        closeQuietly(a.channel()); // also cancels its key
        tryNext();
    }

    /**
     * Connected on the loop: copied there. Should a chaos rule have started to apply meanwhile,
     * the first chunk moves the connection to virtual threads, as for any established one.
     */
    private void connected(Backend b, Flow f, Fault fault, SocketChannel up) {
        established(b, f, up);
        Splice.start(this, fault, loop, client, up);
    }

    private void established(Backend b, Flow f, SocketChannel up) {
        balancer.used(clientIp, b);
        this.backend = up;
        this.flow = f;
        router.opened(this);
    }

    /**
     * On a virtual thread, from candidate {@code b} (whose fault is not idle) on: a rule's
     * {@link Fault#onConnect} may hold the connection; the connect blocks.
     */
    private void connectBlocking(Backend b, Flow f, Fault fault) {
        while (true) {
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
            if (up != null) {
                established(b, f, up);
                if (fault.idle()) {
                    Splice.start(this, fault, loop, client, up);
                } else {
                    pipe(fault, Carry.NONE, Carry.NONE);
                }
                return;
            }
            if (next >= candidates.size()) break;
            b = candidates.get(next++);
            f = new Flow(key, frontend, from, b);
            fault = router.filter().faultFor(f);
        }
        reset();
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
