package dev.skiff.agent.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Real loopback servers for proxy tests: each answers with its name, then echoes. */
final class TinyServers implements AutoCloseable {

    private final List<AutoCloseable> open = new ArrayList<>();

    /** A TCP server that writes "name\n" on connect, then echoes every byte back. */
    Backend named(String name) throws IOException {
        ServerSocket server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        open.add(server);
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    open.add(s);
                    Thread.ofVirtual().start(() -> echo(s, name));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return new Backend("127.0.0.1", server.getLocalPort());
    }

    /** A UDP server that answers each datagram with "name:" + the datagram. */
    Backend udp(String name) throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        open.add(socket);
        Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[2048];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    socket.receive(p);
                    byte[] reply = (name + ":" + new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.UTF_8);
                    socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return new Backend("127.0.0.1", socket.getLocalPort());
    }

    /** Closes {@code c} with the servers. */
    void closeLater(AutoCloseable c) {
        open.add(c);
    }

    /** A port nothing listens on (bound then closed). */
    static Backend refusing() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new Backend("127.0.0.1", s.getLocalPort());
        }
    }

    /**
     * A backend that never answers a connect: it listens but never accepts, and its accept queue
     * is full, so the kernel drops further SYNs (the client's connect hangs, as to a dead host).
     */
    Backend silent() throws IOException {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        open.add(server);
        InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
        for (int i = 0; i < 4; i++) { // more than the queue holds; the last ones hang themselves
            java.nio.channels.SocketChannel filler = java.nio.channels.SocketChannel.open();
            filler.configureBlocking(false);
            filler.connect(at);
            open.add(filler);
        }
        return new Backend("127.0.0.1", server.getLocalPort());
    }

    /** A port free on the loopback range, for a frontend. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void echo(Socket s, String name) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            out.write((name + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            byte[] buf = new byte[4096];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // client gone
        }
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception e) {
                // closing anyway
            }
        }
    }
}
