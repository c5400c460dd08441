package dev.skiff.agent.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One UDP frontend (DNS-style services): each client address gets a session — a socket connected
 * to one backend, whose replies go back to the client from the frontend address. A backend that
 * answers with "port unreachable" ends the session, so the client's next datagram tries the next
 * backend; idle sessions are forgotten after {@link ProxyConfig#udpIdleTimeout()}. The session's
 * {@link Fault} judges each datagram (it must not block: one loop serves every client).
 */
final class UdpListener implements Listener {

    private final class Session {
        final DatagramChannel up;
        final InetSocketAddress client;
        final Fault fault;
        volatile Instant lastUsed;

        Session(DatagramChannel up, InetSocketAddress client, Fault fault) {
            this.up = up;
            this.client = client;
            this.fault = fault;
            this.lastUsed = clock.instant();
        }

        void pumpReplies() {
            ByteBuffer buf = ByteBuffer.allocate(65536);
            try {
                while (up.isOpen()) {
                    buf.clear();
                    up.receive(buf);
                    buf.flip();
                    lastUsed = clock.instant();
                    if (fault.beforeForward(Fault.Direction.TO_CLIENT, buf.remaining()) == Fault.Action.FORWARD) {
                        channel.send(buf, client);
                    }
                }
            } catch (IOException e) {
                // backend unreachable or session closed: the next datagram opens a new session
            } finally {
                end(this);
            }
        }
    }

    private final Frontend frontend;
    private final Router router;
    private final DatagramChannel channel;
    private final Clock clock;
    private final Map<SocketAddress, Session> sessions = new ConcurrentHashMap<>();

    private UdpListener(Frontend frontend, Router router, DatagramChannel channel, Clock clock) {
        this.frontend = frontend;
        this.router = router;
        this.channel = channel;
        this.clock = clock;
    }

    static UdpListener open(Frontend frontend, Router router, Clock clock) throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            ch.bind(new InetSocketAddress(frontend.address(), frontend.port()));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        UdpListener l = new UdpListener(frontend, router, ch, clock);
        Thread.ofVirtual().name("proxy-udp-" + frontend).start(l::receiveLoop);
        return l;
    }

    @Override
    public Frontend frontend() {
        return frontend;
    }

    private void receiveLoop() {
        ByteBuffer buf = ByteBuffer.allocate(65536);
        while (channel.isOpen()) {
            try {
                buf.clear();
                InetSocketAddress from = (InetSocketAddress) channel.receive(buf);
                buf.flip();
                expireIdle();
                Session s = sessions.get(from);
                if (s == null) s = open(from);
                if (s == null) continue; // no backend: the datagram is dropped
                s.lastUsed = clock.instant();
                if (s.fault.beforeForward(Fault.Direction.TO_BACKEND, buf.remaining()) != Fault.Action.FORWARD) continue;
                s.up.write(buf);
            } catch (IOException e) {
                // a closed listener ends the loop; a failed send is a lost datagram
            }
        }
    }

    private Session open(InetSocketAddress from) {
        var key = router.keyOf(frontend);
        var balancer = key.flatMap(router::balancer);
        if (balancer.isEmpty()) return null;
        String ip = from.getAddress().getHostAddress();
        for (Backend b : balancer.get().candidates(ip)) {
            Flow flow = new Flow(key.get(), frontend, from, b);
            Fault fault = router.filter().faultFor(flow);
            if (fault.onConnect(flow) != Fault.Action.FORWARD) return null;
            try {
                DatagramChannel up = DatagramChannel.open();
                up.connect(b.socketAddress());
                balancer.get().used(ip, b);
                Session s = new Session(up, from, fault);
                sessions.put(from, s);
                Thread.ofVirtual().start(s::pumpReplies);
                return s;
            } catch (IOException e) {
                // try the next backend
            }
        }
        return null;
    }

    private void expireIdle() {
        Instant cutoff = clock.instant().minus(router.config().udpIdleTimeout());
        sessions.values().removeIf(s -> {
            if (!s.lastUsed.isBefore(cutoff)) return false;
            closeQuietly(s.up);
            return true;
        });
    }

    private void end(Session s) {
        sessions.remove(s.client, s);
        closeQuietly(s.up);
    }

    @Override
    public void close() {
        closeQuietly(channel);
        sessions.values().forEach(s -> closeQuietly(s.up));
        sessions.clear();
    }

    private static void closeQuietly(DatagramChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
