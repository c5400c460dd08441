package dev.skiff.agent.dns;

import dev.skiff.api.Endpoints;
import dev.skiff.api.Service;
import dev.skiff.client.Informer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;

/**
 * The node's DNS server (UDP and TCP, one virtual thread per query): cluster names from the
 * {@link Answers}, everything else forwarded to the upstream resolvers in turn.
 */
public final class ClusterDns implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ClusterDns.class.getName());
    private static final int UDP_LIMIT = 512;

    private final DnsConfig config;
    private final Answers answers;
    private final DatagramSocket udp;
    private final ServerSocket tcp;

    private ClusterDns(DnsConfig config, ServiceDirectory directory, DatagramSocket udp, ServerSocket tcp) {
        this.config = config;
        this.answers = new Answers(directory, config);
        this.udp = udp;
        this.tcp = tcp;
    }

    /** Binds UDP and TCP on the configured address and port (port 0: any free one, the same for both). */
    public static ClusterDns start(DnsConfig config, ServiceDirectory directory) {
        DatagramSocket udp = null;
        try {
            udp = new DatagramSocket(null);
            udp.setReuseAddress(true);
            // as the proxy's listeners: several local agents may serve one DNS address (their answers agree)
            udp.setOption(java.net.StandardSocketOptions.SO_REUSEPORT, true);
            udp.bind(new InetSocketAddress(config.address(), config.port()));
            ServerSocket tcp = new ServerSocket();
            tcp.setReuseAddress(true);
            tcp.setOption(java.net.StandardSocketOptions.SO_REUSEPORT, true);
            tcp.bind(new InetSocketAddress(config.address(), udp.getLocalPort()), 128);
            ClusterDns dns = new ClusterDns(config, directory, udp, tcp);
            Thread.ofVirtual().name("dns-udp").start(dns::udpLoop);
            Thread.ofVirtual().name("dns-tcp").start(dns::tcpLoop);
            return dns;
        } catch (IOException e) {
            if (udp != null) udp.close();
            throw new IllegalStateException("cluster DNS cannot listen on " + config.address() + ":" + config.port() + ": "
                    + e.getMessage() + (config.port() < 1024 ? " — ports below 1024 need root; use the default "
                    + DnsConfig.DEFAULT_PORT : " — pick another --dns-port"), e);
        }
    }

    /** A directory over the agent's informer caches. */
    public static ServiceDirectory directory(Informer<Service> services, Informer<Endpoints> endpoints) {
        return new ServiceDirectory() {
            @Override
            public Optional<Service> service(String namespace, String name) {
                return services.get(namespace, name);
            }

            @Override
            public Optional<Endpoints> endpoints(String namespace, String name) {
                return endpoints.get(namespace, name);
            }

            @Override
            public boolean namespaceHasServices(String namespace) {
                return !services.list(namespace).isEmpty();
            }
        };
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(config.address(), udp.getLocalPort());
    }

    public int port() {
        return udp.getLocalPort();
    }

    private void udpLoop() {
        while (!udp.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(new byte[UDP_LIMIT * 8], UDP_LIMIT * 8);
                udp.receive(p);
                Thread.ofVirtual().start(() -> {
                    byte[] reply = handle(p.getData(), p.getLength(), true);
                    if (reply == null) return;
                    try {
                        udp.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                    } catch (IOException e) {
                        LOG.log(Level.FINE, "DNS reply lost", e);
                    }
                });
            } catch (IOException e) {
                if (!udp.isClosed()) LOG.log(Level.FINE, "DNS receive failed", e);
            }
        }
    }

    private void tcpLoop() {
        while (!tcp.isClosed()) {
            try {
                Socket s = tcp.accept();
                Thread.ofVirtual().start(() -> serveTcp(s));
            } catch (IOException e) {
                if (!tcp.isClosed()) LOG.log(Level.FINE, "DNS accept failed", e);
            }
        }
    }

    private void serveTcp(Socket s) {
        try (s; var in = new DataInputStream(s.getInputStream()); var out = new DataOutputStream(s.getOutputStream())) {
            s.setSoTimeout(10_000);
            while (true) {
                int len = in.readUnsignedShort();
                byte[] q = in.readNBytes(len);
                byte[] reply = handle(q, q.length, false);
                if (reply == null) return;
                out.writeShort(reply.length);
                out.write(reply);
                out.flush();
            }
        } catch (IOException e) {
            // client done
        }
    }

    /** The wire reply to a wire query (null: not even a header to answer). */
    byte[] handle(byte[] data, int length, boolean overUdp) {
        Message query;
        try {
            query = new Message(java.util.Arrays.copyOf(data, length));
        } catch (IOException e) {
            return null;
        }
        Message reply;
        try {
            reply = answers.answer(query).orElseGet(() -> forward(query));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "DNS query failed", e);
            reply = failure(query, Rcode.SERVFAIL);
        }
        return overUdp ? reply.toWire(UDP_LIMIT) : reply.toWire();
    }

    private Message forward(Message query) {
        for (InetSocketAddress upstream : config.upstreams()) {
            if (upstream.equals(address())) continue;
            try {
                SimpleResolver r = new SimpleResolver(upstream);
                r.setTimeout(Duration.ofSeconds(2));
                Message reply = r.send(query.clone());
                reply.getHeader().setID(query.getHeader().getID());
                return reply;
            } catch (IOException e) {
                LOG.log(Level.FINE, "upstream " + upstream + " failed", e);
            }
        }
        return failure(query, Rcode.SERVFAIL);
    }

    private static Message failure(Message query, int rcode) {
        Message r = new Message(query.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.getHeader().setRcode(rcode);
        if (query.getQuestion() != null) r.addRecord(query.getQuestion(), Section.QUESTION);
        return r;
    }

    @Override
    public void close() {
        udp.close();
        try {
            tcp.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

}
