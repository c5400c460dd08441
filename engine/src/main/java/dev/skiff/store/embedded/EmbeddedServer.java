package dev.skiff.store.embedded;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running embedded store: an etcd v3 gRPC server (KV, Watch, Lease, Maintenance, Cluster) over
 * SQLite. Start it with {@link #start}; point jetcd or etcdctl at {@link #endpoint()}.
 */
public final class EmbeddedServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServer.class);
    /** gRPC framing on top of the largest request, as etcd allows. */
    private static final int GRPC_OVERHEAD_BYTES = 512 * 1024;

    private final Backend backend;
    private final Compactor compactor;
    private final Server server;
    private final ScheduledExecutorService timers;
    private final String endpoint;

    private EmbeddedServer(Backend backend, Compactor compactor, Server server, ScheduledExecutorService timers,
            String endpoint) {
        this.backend = backend;
        this.compactor = compactor;
        this.server = server;
        this.timers = timers;
        this.endpoint = endpoint;
    }

    public static EmbeddedServer start(EmbeddedServerConfig config) {
        Backend backend = new Backend(config);
        Compactor compactor = new Compactor(backend);
        LeaseOps leaseOps = new LeaseOps(backend);
        WatchService watch = new WatchService(backend);
        InetSocketAddress address = new InetSocketAddress(config.listenHost(), config.port());
        ServerHolder holder = new ServerHolder();
        Server server = NettyServerBuilder.forAddress(address)
                .maxInboundMessageSize(config.maxRequestBytes() + GRPC_OVERHEAD_BYTES)
                .permitKeepAliveWithoutCalls(true)
                .permitKeepAliveTime(5, TimeUnit.SECONDS)
                .addService(new KvService(backend, compactor))
                .addService(watch)
                .addService(LeaseLeases.withLeaseLeases(new LeaseService(backend, leaseOps), backend))
                .addService(new MaintenanceService(backend))
                .addService(new ClusterService(backend, holder))
                .build();
        try {
            server.start();
        } catch (IOException e) {
            compactor.close();
            backend.close();
            throw new StoreFailure("cannot listen on " + address + ": " + e.getMessage(), e);
        }
        String endpoint = "http://" + hostForUrl(config.listenHost()) + ":" + server.getPort();
        holder.url = endpoint;
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("skiff-store-timers").daemon().factory());
        every(timers, config.leaseCheckInterval(), leaseOps::expireDue);
        every(timers, config.progressNotifyInterval(), watch::notifyProgress);
        every(timers, config.compactionInterval(), compactor::tick);
        LOG.info("embedded store serving {} from {}", endpoint, config.dataDir());
        return new EmbeddedServer(backend, compactor, server, timers, endpoint);
    }

    /** Lets ClusterService learn the URL, known only once the port is bound. */
    static final class ServerHolder {
        volatile String url = "";
    }

    private static void every(ScheduledExecutorService timers, Duration period, Runnable task) {
        if (period.isZero() || period.isNegative()) {
            return;
        }
        long millis = period.toMillis();
        timers.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("periodic store task failed", e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    private static String hostForUrl(String host) {
        if (host.equals("0.0.0.0") || host.equals("::")) {
            return "127.0.0.1";
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /** The client URL, e.g. {@code http://127.0.0.1:2379}. */
    public String endpoint() {
        return endpoint;
    }

    public int port() {
        return server.getPort();
    }

    /** The newest committed revision. */
    public long revision() {
        return backend.revision();
    }

    /** True while the server accepts calls and its database answers a read. */
    public boolean isHealthy() {
        if (server.isShutdown()) {
            return false;
        }
        try {
            backend.log().read(SqliteLog::maxRevision);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Blocks until the server stops (after {@link #close()} from another thread or a signal hook). */
    public void awaitTermination() {
        try {
            server.awaitTermination();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        timers.shutdownNow();
        server.shutdown();
        try {
            if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
                server.shutdownNow();
                server.awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownNow();
        }
        compactor.close();
        backend.close();
    }
}
