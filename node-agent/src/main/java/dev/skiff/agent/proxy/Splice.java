package dev.skiff.agent.proxy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * An established connection copied by an {@link EventLoop}: two {@link Half}s, one per direction,
 * each reading its source socket and writing to the other. Only the loop's thread touches it. A
 * half whose sink cannot take more keeps the unwritten bytes and stops reading until they are out
 * (backpressure, as the blocking copy had); end of stream is passed on as a half-close.
 *
 * <p>While its {@link Fault} is {@link Fault#idle() idle}, no chunk is shown to it. The first chunk
 * read when it is not (a chaos rule now applies) moves the connection to the virtual-thread copy
 * loops of {@link TcpConnection}, which ask the fault before each chunk and may block.
 */
final class Splice {

    /** Chunks a half copies in a row before the loop serves other sockets. */
    private static final int READS_PER_TURN = 8;

    private final TcpConnection connection;
    private final Fault fault;
    private final EventLoop loop;
    private final Half toBackend;
    private final Half toClient;
    private boolean handedOff;

    private Splice(TcpConnection connection, Fault fault, EventLoop loop, SocketChannel client, SocketChannel backend) {
        this.connection = connection;
        this.fault = fault;
        this.loop = loop;
        this.toBackend = new Half(Fault.Direction.TO_BACKEND, client, backend);
        this.toClient = new Half(Fault.Direction.TO_CLIENT, backend, client);
        toBackend.peer = toClient;
        toClient.peer = toBackend;
    }

    /** Puts the connection on {@code loop}; from any thread. */
    static void start(TcpConnection connection, Fault fault, EventLoop loop, SocketChannel client,
                      SocketChannel backend) {
        Splice s = new Splice(connection, fault, loop, client, backend);
        if (loop.inLoop()) {
            s.register();
        } else {
            loop.execute(s::register);
        }
    }

    private void register() {
        try {
            toBackend.from.configureBlocking(false);
            toClient.from.configureBlocking(false);
            toBackend.key = toBackend.from.register(loop.selector(), SelectionKey.OP_READ, toBackend);
            toClient.key = toClient.from.register(loop.selector(), SelectionKey.OP_READ, toClient);
        } catch (IOException e) {
            connection.finish(); // closed meanwhile (drained, suspended) or the selector is gone
        }
    }

    /** One direction: reads {@link #from}, writes to {@link #to}. */
    final class Half implements EventLoop.Ready {
        final Fault.Direction direction;
        final SocketChannel from;
        final SocketChannel to;
        Half peer;
        SelectionKey key;
        /** Read but not yet written (the sink was full); a buffer of the loop's. */
        ByteBuffer pending;
        /** {@link #from} ended. */
        boolean ended;

        Half(Fault.Direction direction, SocketChannel from, SocketChannel to) {
            this.direction = direction;
            this.from = from;
            this.to = to;
        }

        @Override
        public void ready(SelectionKey key) {
            if (key.isValid() && key.isWritable()) peer.flush();
            if (key.isValid() && key.isReadable()) read();
        }

        /** {@link #from} is readable. */
        void read() {
            try {
                for (int i = 0; i < READS_PER_TURN && pending == null && !handedOff; i++) {
                    ByteBuffer buf = loop.buffer().clear();
                    int n = from.read(buf);
                    if (n == 0) return;
                    if (n < 0) {
                        ended();
                        return;
                    }
                    buf.flip();
                    if (!fault.idle()) {
                        handOff(this, copyOf(buf));
                        return;
                    }
                    to.write(buf);
                    if (buf.hasRemaining()) {
                        pending = loop.keep();
                        interest();
                        return;
                    }
                    if (n < buf.capacity()) return; // the socket is most likely empty: no read just to hear EAGAIN
                }
            } catch (IOException e) {
                connection.finish(); // one side went away: the other goes down with it
            }
        }

        /** {@link #to} can take bytes again. */
        void flush() {
            if (pending == null) return;
            try {
                to.write(pending);
                if (pending.hasRemaining()) return;
                loop.recycle(pending);
                pending = null;
                if (ended) to.shutdownOutput();
                interest();
                if (bothEnded()) connection.finish();
            } catch (IOException e) {
                connection.finish();
            }
        }

        private void ended() throws IOException {
            ended = true;
            if (pending == null) to.shutdownOutput();
            interest();
            if (bothEnded()) connection.finish();
        }
    }

    private boolean bothEnded() {
        return toBackend.ended && toClient.ended && toBackend.pending == null && toClient.pending == null;
    }

    /** Each key reads while its half may, and writes while the other half has bytes waiting. */
    private void interest() {
        for (Half h : new Half[] {toBackend, toClient}) {
            if (!h.key.isValid()) continue;
            int ops = (h.ended || h.pending != null ? 0 : SelectionKey.OP_READ)
                    | (h.peer.pending != null ? SelectionKey.OP_WRITE : 0);
            if (h.key.interestOps() != ops) h.key.interestOps(ops);
        }
    }

    /**
     * Moves the connection to virtual threads: {@code fresh} (just read by {@code by}) goes through
     * the fault there; bytes already passed stay ahead of it. The channels can only block again once
     * the selector has dropped them.
     */
    private void handOff(Half by, ByteBuffer fresh) {
        handedOff = true;
        toBackend.key.cancel();
        toClient.key.cancel();
        TcpConnection.Carry backendCarry = carry(toBackend, by == toBackend ? fresh : null);
        TcpConnection.Carry clientCarry = carry(toClient, by == toClient ? fresh : null);
        loop.afterDeregistration(() -> {
            try {
                toBackend.from.configureBlocking(true);
                toClient.from.configureBlocking(true);
            } catch (ClosedChannelException e) {
                connection.finish();
                return;
            } catch (IOException e) {
                connection.finish();
                return;
            }
            Thread.ofVirtual().start(() -> connection.pipe(fault, backendCarry, clientCarry));
        });
    }

    private TcpConnection.Carry carry(Half h, ByteBuffer fresh) {
        ByteBuffer passed = h.pending == null ? null : copyOf(h.pending);
        if (h.pending != null) loop.recycle(h.pending);
        h.pending = null;
        return new TcpConnection.Carry(passed, fresh, h.ended);
    }

    private static ByteBuffer copyOf(ByteBuffer b) {
        ByteBuffer copy = ByteBuffer.allocate(b.remaining());
        copy.put(b).flip();
        return copy;
    }
}
