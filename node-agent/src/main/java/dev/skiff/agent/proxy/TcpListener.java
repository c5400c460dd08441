package dev.skiff.agent.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One TCP frontend: bound with SO_REUSEPORT, so every local agent's proxy can listen on the same
 * cluster IP:port (the kernel spreads connections among them); one virtual thread accepts, and
 * each connection gets its own {@link TcpConnection}.
 */
final class TcpListener implements Listener {
    private static final Logger LOG = Logger.getLogger(TcpListener.class.getName());

    private final Frontend frontend;
    private final Router router;
    private final ServerSocketChannel server;

    private TcpListener(Frontend frontend, Router router, ServerSocketChannel server) {
        this.frontend = frontend;
        this.router = router;
        this.server = server;
    }

    static TcpListener open(Frontend frontend, Router router) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            server.bind(new InetSocketAddress(frontend.address(), frontend.port()), 4096);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        TcpListener l = new TcpListener(frontend, router, server);
        Thread.ofVirtual().name("proxy-accept-" + frontend).start(l::acceptLoop);
        return l;
    }

    @Override
    public Frontend frontend() {
        return frontend;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                client.setOption(StandardSocketOptions.TCP_NODELAY, true);
                Thread.ofVirtual().start(() -> new TcpConnection(frontend, client, router).run());
            } catch (IOException e) {
                if (server.isOpen()) LOG.log(Level.FINE, "accept on " + frontend + " failed", e);
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
