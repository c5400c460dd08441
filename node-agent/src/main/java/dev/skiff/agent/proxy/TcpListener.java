package dev.skiff.agent.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One TCP frontend: bound with SO_REUSEPORT, so every local agent's proxy can listen on the same
 * cluster IP:port (the kernel spreads connections among them). An {@link EventLoop} accepts, as
 * HAProxy's threads do: no thread hand-off per connection, which costs a virtual thread's start,
 * park and unpark (futex calls) before the first byte moves. Each accepted connection goes to the
 * next loop in turn, where its {@link TcpConnection} connects without blocking.
 */
final class TcpListener implements Listener, EventLoop.Ready {
    private static final Logger LOG = Logger.getLogger(TcpListener.class.getName());
    /** Connections taken per wake-up before the loop serves other sockets. */
    private static final int ACCEPTS_PER_TURN = 16;

    private final Frontend frontend;
    private final Router router;
    private final ServerSocketChannel server;
    private final EventLoop loop;

    private TcpListener(Frontend frontend, Router router, ServerSocketChannel server, EventLoop loop) {
        this.frontend = frontend;
        this.router = router;
        this.server = server;
        this.loop = loop;
    }

    static TcpListener open(Frontend frontend, Router router) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            server.bind(new InetSocketAddress(frontend.address(), frontend.port()), 4096);
            server.configureBlocking(false);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        TcpListener l = new TcpListener(frontend, router, server, router.loop());
        l.loop.execute(l::register);
        return l;
    }

    private void register() {
        try {
            server.register(loop.selector(), SelectionKey.OP_ACCEPT, this);
        } catch (IOException e) {
            LOG.log(Level.FINE, "listener on " + frontend + " closed before it was registered", e);
        }
    }

    @Override
    public Frontend frontend() {
        return frontend;
    }

    /** Clients are waiting: takes a few and starts each on its loop. */
    @Override
    public void ready(SelectionKey key) {
        for (int i = 0; i < ACCEPTS_PER_TURN && key.isValid(); i++) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (server.isOpen()) LOG.log(Level.FINE, "accept on " + frontend + " failed", e);
                return;
            }
            if (client == null) return;
            try {
                client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            } catch (IOException e) {
                closeQuietly(client); // gone already
                continue;
            }
            TcpConnection c = new TcpConnection(frontend, client, router);
            EventLoop target = router.loop();
            if (target == loop) {
                c.start(target);
            } else {
                target.execute(() -> c.start(target));
            }
        }
    }

    /**
     * Stops listening; returns once the port is free (a registered channel's socket is only
     * closed when its loop has dropped the key), so a resumed proxy can bind it again at once.
     */
    @Override
    public void close() {
        CountDownLatch closed = new CountDownLatch(1);
        Runnable closeNow = () -> {
            closeQuietly(server);
            loop.afterDeregistration(closed::countDown);
        };
        if (loop.inLoop()) {
            closeNow.run();
            return;
        }
        loop.execute(closeNow);
        try {
            if (!closed.await(2, TimeUnit.SECONDS)) closeQuietly(server); // the loop is gone: close here
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(java.nio.channels.Channel c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
