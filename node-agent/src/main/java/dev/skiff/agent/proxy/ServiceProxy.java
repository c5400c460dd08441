package dev.skiff.agent.proxy;

import dev.skiff.api.Endpoints;
import dev.skiff.api.Protocol;
import dev.skiff.api.Service;
import dev.skiff.client.Informer;
import dev.skiff.client.ResourceHandler;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The node's service proxy — kube-proxy's original userspace mode: an {@link EventLoop} per core
 * accepts, connects without blocking and copies established connections (virtual threads while a
 * chaos rule applies to one). It listens
 * on every frontend of the current {@link ProxyTable} and forwards to the routes' backends. A new
 * table (an Services/Endpoints change) is applied at once: listeners open and close, balancers get
 * the new backends; established connections are never cut by a change, but those to a backend
 * that left are closed after {@link ProxyConfig#drainTimeout()}.
 */
public final class ServiceProxy implements Router, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ServiceProxy.class.getName());

    private final ProxyConfig config;
    private final Clock clock;
    private volatile ConnectionFilter filter = ConnectionFilter.NONE;
    private volatile ProxyTable table = new ProxyTable(Map.of(), Map.of());
    private final Map<Frontend, Listener> listeners = new HashMap<>();
    private final Map<Frontend, String> bindFailures = new ConcurrentHashMap<>();
    private final Map<PortKey, Balancer> balancers = new ConcurrentHashMap<>();
    private final Set<TcpConnection> connections = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("proxy-timers").factory());
    private Runnable unwatch = () -> { };
    /** One per core, started with the first listener: they accept, connect and copy. */
    private EventLoop[] loops;
    private final AtomicInteger nextLoop = new AtomicInteger();
    private volatile boolean closed;
    /** Playing a power cut (node-down): the table is kept up to date, but nothing listens. */
    private boolean suspended;

    public ServiceProxy(ProxyConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /**
     * A proxy fed by the given informers (shared with the rest of the agent): every change
     * rebuilds the table; a frontend that could not be bound is retried every few seconds.
     */
    public static ServiceProxy watching(Informer<Service> services, Informer<Endpoints> endpoints, ProxyConfig config,
                                        Clock clock) {
        ServiceProxy proxy = new ServiceProxy(config, clock);
        Runnable refresh = () -> proxy.rebuild(() -> ProxyTable.build(services.list(), endpoints::get,
                config.nodeAddress(), config.nodePortAddress()));
        services.addHandler(handler(refresh));
        endpoints.addHandler(handler(refresh));
        var retry = proxy.timers.scheduleWithFixedDelay(() -> {
            if (!proxy.bindFailures.isEmpty() && services.hasSynced()) refresh.run();
        }, 3, 3, TimeUnit.SECONDS);
        proxy.unwatch = () -> retry.cancel(false);
        if (services.hasSynced() && endpoints.hasSynced()) refresh.run();
        return proxy;
    }

    private static <T extends dev.skiff.api.Resource> ResourceHandler<T> handler(Runnable refresh) {
        return new ResourceHandler<>() {
            @Override
            public void onAdd(T obj) {
                refresh.run();
            }

            @Override
            public void onUpdate(T previous, T obj) {
                refresh.run();
            }

            @Override
            public void onDelete(T obj) {
                refresh.run();
            }
        };
    }

    /** Installs the fault hook for new connections (NetworkChaos). */
    public void setFilter(ConnectionFilter f) {
        this.filter = f == null ? ConnectionFilter.NONE : f;
    }

    /**
     * Builds a table from the caches and applies it, under one lock. The services' and the endpoints'
     * informers refresh on their own threads: built outside the lock, a table read before an
     * Endpoints change could be applied after the one read after it, and stay (a service exposed
     * once its pods were ready then kept no backends on that node until the next change).
     */
    public synchronized void rebuild(java.util.function.Supplier<ProxyTable> build) {
        apply(build.get());
    }

    /** Makes {@code next} the proxy's behaviour: listeners, routes, drains. */
    public synchronized void apply(ProxyTable next) {
        if (closed) return;
        if (suspended) {
            this.table = next; // applied whole on resume
            return;
        }
        for (Map.Entry<PortKey, Route> e : next.routes().entrySet()) {
            balancers.compute(e.getKey(), (k, b) -> {
                if (b == null) return new Balancer(e.getValue(), clock);
                b.update(e.getValue());
                return b;
            });
        }
        this.table = next;
        for (Frontend f : List.copyOf(listeners.keySet())) {
            if (!next.frontends().containsKey(f)) listeners.remove(f).close();
        }
        for (Frontend f : next.frontends().keySet()) {
            if (!listeners.containsKey(f)) open(f);
        }
        balancers.keySet().retainAll(next.routes().keySet());
        unansweredLogged.keySet().retainAll(next.routes().keySet());
        scheduleDrains(next);
    }

    private void open(Frontend f) {
        try {
            Listener l = f.protocol() == Protocol.UDP ? UdpListener.open(f, this, clock) : TcpListener.open(f, this);
            listeners.put(f, l);
            if (bindFailures.remove(f) != null) LOG.info("proxy now listening on " + f);
        } catch (IOException | RuntimeException e) {
            if (bindFailures.put(f, String.valueOf(e.getMessage())) == null) {
                LOG.warning("proxy cannot listen on " + f + " (" + e.getMessage() + "); retrying every few seconds");
            }
        }
    }

    /** Connections whose backend (or whole service) left: closed once the drain timeout passes, unless it came back. */
    private void scheduleDrains(ProxyTable next) {
        for (TcpConnection c : connections) {
            if (c.draining || stillRouted(next, c.flow())) continue;
            c.draining = true;
            timers.schedule(() -> {
                c.draining = false;
                if (!stillRouted(table, c.flow())) c.close();
            }, config.drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static boolean stillRouted(ProxyTable t, Flow flow) {
        if (flow == null) return true;
        Route r = t.routes().get(flow.service());
        return r != null && r.backends().contains(flow.backend());
    }

    /** The frontends listened on now. */
    public synchronized Set<Frontend> listening() {
        return new HashSet<>(listeners.keySet());
    }

    /** Frontends that could not be bound, with the reason. */
    public Map<Frontend, String> bindFailures() {
        return Map.copyOf(bindFailures);
    }

    public int openConnections() {
        return connections.size();
    }

    public ProxyTable table() {
        return table;
    }

    // ---- Router

    /** When a service last logged a refused client: once a minute each, so a dead service cannot flood the log. */
    private final Map<PortKey, java.time.Instant> unansweredLogged = new ConcurrentHashMap<>();

    @Override
    public void unanswered(PortKey key, int tried) {
        java.time.Instant now = clock.instant();
        java.time.Instant last = unansweredLogged.get(key);
        if (last != null && now.isBefore(last.plusSeconds(60))) return;
        unansweredLogged.put(key, now);
        LOG.warning("service " + key + ": " + (tried == 0 ? "no ready backend" : "none of its " + tried
                + " backends answered") + "; clients are refused (logged once a minute)");
    }

    @Override
    public Optional<PortKey> keyOf(Frontend frontend) {
        return Optional.ofNullable(table.frontends().get(frontend));
    }

    @Override
    public Optional<Balancer> balancer(PortKey key) {
        return Optional.ofNullable(balancers.get(key));
    }

    @Override
    public ConnectionFilter filter() {
        return filter;
    }

    @Override
    public ProxyConfig config() {
        return config;
    }

    @Override
    public EventLoop loop() {
        EventLoop[] l = loops();
        return l[Math.floorMod(nextLoop.getAndIncrement(), l.length)];
    }

    private synchronized EventLoop[] loops() {
        if (loops == null) {
            loops = new EventLoop[Runtime.getRuntime().availableProcessors()];
            for (int i = 0; i < loops.length; i++) loops[i] = new EventLoop("proxy-loop-" + i, config.bufferSize());
        }
        return loops;
    }

    @Override
    public void opened(TcpConnection c) {
        connections.add(c);
        if (!stillRouted(table, c.flow())) {
            timers.schedule(c::close, config.drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void closed(TcpConnection c) {
        connections.remove(c);
    }

    /** Stops listening and cuts every connection, as a machine losing power would, until {@link #resume()}. */
    public synchronized void suspend() {
        if (closed || suspended) return;
        suspended = true;
        listeners.values().forEach(Listener::close);
        listeners.clear();
        connections.forEach(TcpConnection::close);
    }

    /** Listens again on every frontend of the latest table. */
    public synchronized void resume() {
        if (closed || !suspended) return;
        suspended = false;
        apply(table);
    }

    @Override
    public synchronized void close() {
        closed = true;
        unwatch.run();
        listeners.values().forEach(Listener::close);
        listeners.clear();
        connections.forEach(TcpConnection::close);
        timers.shutdownNow();
        if (loops != null) {
            for (EventLoop l : loops) l.close();
        }
    }

}
