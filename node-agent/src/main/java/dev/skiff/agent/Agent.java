package dev.skiff.agent;

import dev.skiff.agent.fault.FaultExecutor;
import dev.skiff.agent.fault.FaultHost;
import dev.skiff.agent.proxy.chaos.ChaosFilter;
import dev.skiff.agent.runtime.ContainerHandle;
import dev.skiff.agent.runtime.PodRuntime;
import dev.skiff.agent.runtime.RuntimeFailure;
import dev.skiff.agent.runtime.process.ProcessRuntime;
import dev.skiff.agent.runtime.process.ProcessRuntimeConfig;
import dev.skiff.agent.http.AgentApi;
import dev.skiff.agent.http.AgentToken;
import dev.skiff.agent.http.ContainerLookup;
import dev.skiff.agent.runtime.docker.DockerHosts;
import dev.skiff.agent.runtime.docker.DockerRuntime;
import dev.skiff.agent.volume.NodeVolumes;
import dev.skiff.agent.volume.VolumeManager;
import dev.skiff.agent.volume.VolumeObjects;
import dev.skiff.api.ConfigMap;
import dev.skiff.api.Pod;
import dev.skiff.api.Secret;
import dev.skiff.agent.dns.ClusterDns;
import dev.skiff.agent.dns.DnsConfig;
import dev.skiff.agent.proxy.ProxyConfig;
import dev.skiff.agent.proxy.ServiceProxy;
import dev.skiff.api.Endpoints;
import dev.skiff.api.Service;
import dev.skiff.client.Client;
import dev.skiff.client.EventRecorder;
import dev.skiff.client.Informer;
import dev.skiff.client.ResourceHandler;
import dev.skiff.client.StoredFilter;
import dev.skiff.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The node agent (issue 5): registers its Node, beats its heartbeat lease, watches the pods bound
 * to it and runs one {@link PodWorker} per pod. A restarted agent re-attaches to the containers its
 * predecessor started (from the records in its data dir) and removes those of pods that are gone.
 */
public final class Agent implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Agent.class.getName());

    private final AgentConfig config;
    private final Client client;
    private final PodRuntime runtime;
    private final boolean ownsRuntime;
    private final VolumeManager volumes;
    private final Informer<ConfigMap> configMaps;
    private final Informer<Secret> secrets;
    private final EventRecorder events;
    private final Map<String, PodWorker> workers = new ConcurrentHashMap<>();
    private Informer<Pod> pods;
    private volatile AgentApi api;
    private Informer<Service> services;
    private Informer<Endpoints> endpoints;
    private ServiceProxy proxy;
    private volatile ClusterDns dns;
    private volatile KeptHeartbeat heartbeat;
    private AgentContext ctx;
    private FaultExecutor faults;
    private Optional<String> limits = Optional.empty();
    private volatile boolean closed;
    /** Playing a power cut (node-down): pod events are ignored and nothing runs. */
    private volatile boolean poweredOff;

    private Agent(AgentConfig config, Client client, PodRuntime runtime, boolean ownsRuntime) {
        this.config = config;
        this.client = client;
        this.runtime = runtime;
        this.ownsRuntime = ownsRuntime;
        this.configMaps = new Informer<>(client, ConfigMap.class, null);
        this.secrets = new Informer<>(client, Secret.class, null);
        this.events = new EventRecorder(() -> client, "skiff-agent", config.nodeName(), client.clock());
        this.volumes = new NodeVolumes(podsDir(), VolumeObjects.of(configMaps, secrets), client.clock())
                .onNote(this::volumeNote).follow(configMaps, secrets);
    }

    /** An agent with the runtime its config names ({@code process} or {@code docker}), over its data dir. */
    public static Agent start(Store store, AgentConfig config) {
        PodRuntime runtime = switch (config.runtime()) {
            case "process" -> new ProcessRuntime(ProcessRuntimeConfig.defaults(config.dataDir().resolve("runtime"))
                    .withExtraPath(config.extraPath()));
            case DockerRuntime.NAME -> DockerRuntime.connect(DockerHosts.resolve(config.dockerHost(), System.getenv()),
                    config.nodeName());
            default -> throw new IllegalArgumentException("runtime " + config.runtime()
                    + " is not one this agent has: use process or docker");
        };
        return start(store, config, runtime, true);
    }

    /** An agent with the given runtime (closed with the agent when {@code ownsRuntime}). */
    public static Agent start(Store store, AgentConfig config, PodRuntime runtime, boolean ownsRuntime) {
        var agent = new Agent(config.runtime().equals(runtime.name()) ? config : withRuntime(config, runtime.name()),
                new Client(store, Clock.systemUTC()), runtime, ownsRuntime);
        try {
            agent.run();
        } catch (RuntimeException e) {
            agent.close(false);
            throw e;
        }
        return agent;
    }

    private static AgentConfig withRuntime(AgentConfig c, String runtime) {
        return new AgentConfig(c.nodeName(), c.address(), runtime, c.dataDir(), c.capacity(), c.reserved(), c.labels(),
                c.backoff(), c.heartbeatTtl(), c.extraPath(), c.version(), c.dockerHost(), c.apiPort());
    }

    private void volumeNote(Pod pod, String note) {
        events.warning(pod, "VolumeNote", note);
    }

    public AgentConfig config() {
        return config;
    }

    public PodRuntime runtime() {
        return runtime;
    }

    private void run() {
        mkdirs(podsDir());
        limits = runtime instanceof ProcessRuntime p ? p.limitsNotEnforced() : Optional.<String>empty();
        openApiAndRegister();
        heartbeat = beat();
        // only this node's pods: the others are neither decoded nor kept (5,000 pods on a busy store)
        pods = new Informer<>(client, Pod.class, null, StoredFilter.podsBoundTo(config.nodeName()));
        ctx = new AgentContext(config, client, pods, runtime, volumes, new EnvResolver(client),
                new HostPorts(address(config.address())), events, Clock.systemUTC());
        pods.addHandler(handler());
        for (var informer : List.of(configMaps, secrets, pods)) informer.start();
        for (var informer : List.of(configMaps, secrets, pods)) {
            if (!informer.awaitSynced(Duration.ofSeconds(60))) {
                throw new IllegalStateException("could not list " + informer.type().getSimpleName()
                        + "s from the store within 60 s");
            }
        }
        resumeRecordedPods();
        removeOrphans();
        pods.list().forEach(this::consider);
        startNetworking();
        startFaults();
        Warmup.start(runtime.name());
        LOG.info("skiff agent " + config.nodeName() + " (" + runtime.name() + " runtime) ready on " + config.address());
    }

    private KeptHeartbeat beat() {
        return KeptHeartbeat.start(client.store(), config.nodeName(), config.heartbeatTtl(), this::heartbeatRegained);
    }

    /** A lost heartbeat came back: the Node is written again in case it was changed or removed meanwhile. */
    private void heartbeatRegained() {
        if (closed || poweredOff) return;
        try {
            NodeRegistration.register(client, config, limits, api.port());
        } catch (RuntimeException e) {
            LOG.warning("heartbeat of node " + config.nodeName() + " is back but the Node could not be written: " + e.getMessage());
        }
    }

    /** The lease the node's heartbeat key hangs on now (a lost one is replaced). */
    public long heartbeatLeaseId() {
        return heartbeat.leaseId();
    }

    /** The chaos executor, with the proxy's NetworkChaos filter when this node proxies. */
    private void startFaults() {
        ChaosFilter filter = null;
        if (proxy != null) {
            filter = new ChaosFilter();
            proxy.setFilter(filter);
        }
        faults = FaultExecutor.start(client, new Host(), config.dataDir().resolve("faults"), events, client.clock(),
                filter, endpoints);
    }

    /** The chaos executor of this node. */
    public FaultExecutor faults() {
        return faults;
    }

    /** Whether this agent is playing a power cut (node-down). */
    public boolean poweredOff() {
        return poweredOff;
    }

    /** What the fault executors may do to this agent. */
    private final class Host implements FaultHost {
        @Override
        public String nodeName() {
            return config.nodeName();
        }

        @Override
        public PodRuntime runtime() {
            return runtime;
        }

        @Override
        public Map<String, ContainerHandle> containers(String namespace, String podName) {
            var pod = pods.get(namespace, podName);
            var worker = pod.map(p -> workers.get(p.metadata().uid()));
            return worker.map(PodWorker::currentHandles).orElse(Map.of());
        }

        @Override
        public void powerOff() {
            Agent.this.powerOff();
        }

        @Override
        public void powerOn() {
            Agent.this.powerOn();
        }
    }

    private synchronized void powerOff() {
        if (poweredOff || closed) return;
        poweredOff = true;
        LOG.warning("node " + config.nodeName() + " is powered off by a node-down fault");
        heartbeat.close();
        stopListening();
        var halted = List.copyOf(workers.values());
        halted.forEach(PodWorker::halt);
        halted.forEach(w -> w.awaitHalted(Duration.ofSeconds(10)));
        for (var handle : runtime.list()) {
            try {
                runtime.stop(handle, Duration.ZERO);
            } catch (RuntimeException e) {
                // already gone
            }
        }
    }

    private synchronized void powerOn() {
        if (!poweredOff || closed) return;
        heartbeat = beat();
        openApiAndRegister();
        if (proxy != null) proxy.resume();
        startDns();
        poweredOff = false;
        resumeRecordedPods();
        pods.list().forEach(this::consider);
        LOG.info("node " + config.nodeName() + " is powered on again");
    }

    /** A machine without power answers nothing: no service proxy, DNS or agent API until power-on. */
    private void stopListening() {
        if (proxy != null) proxy.suspend();
        if (dns != null) {
            dns.close();
            dns = null;
        }
        api.close();
    }

    private ResourceHandler<Pod> handler() {
        return new ResourceHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                consider(pod);
            }

            @Override
            public void onUpdate(Pod previous, Pod pod) {
                consider(pod);
            }

            @Override
            public void onDelete(Pod pod) {
                if (poweredOff) return;
                var w = workers.get(pod.metadata().uid());
                if (w != null) w.kick();
            }
        };
    }

    private void consider(Pod pod) {
        if (closed || poweredOff) return;
        var uid = pod.metadata().uid();
        var existing = workers.get(uid);
        if (existing != null) {
            existing.kick();
            return;
        }
        if (pod.spec() == null || !config.nodeName().equals(pod.spec().nodeName())) return;
        if (pod.status() != null && pod.status().phase() != null && isFinal(pod) && pod.metadata().deletionTimestamp() == null
                && !Files.exists(ctx.podDir(uid))) {
            return; // finished before this agent knew it (or before a restart that lost nothing)
        }
        var record = PodRecord.load(ctx.podDir(uid)).orElseGet(() -> new PodRecord(uid, pod.namespace(), pod.name(),
                ctx.clock().instant().truncatedTo(ChronoUnit.SECONDS), null, null));
        startWorker(record);
    }

    /** The service proxy and cluster DNS, both over this agent's Service and Endpoints caches. */
    private void startNetworking() {
        AgentNetworking net = config.network();
        if (!net.proxy() && net.dnsPort() == 0) return;
        services = new Informer<>(client, Service.class, null);
        endpoints = new Informer<>(client, Endpoints.class, null);
        services.start();
        endpoints.start();
        if (!services.awaitSynced(Duration.ofSeconds(60)) || !endpoints.awaitSynced(Duration.ofSeconds(60))) {
            throw new IllegalStateException("could not list services and endpoints from the store within 60 s");
        }
        if (net.proxy()) {
            var pc = ProxyConfig.forNode(config.address());
            if (net.nodePortAddress() != null) pc = pc.withNodePortAddress(net.nodePortAddress());
            proxy = ServiceProxy.watching(services, endpoints, pc, Clock.systemUTC());
        }
        startDns();
    }

    /** The node's API, then its Node object naming the API's port: at start and at each power-on. */
    private void openApiAndRegister() {
        api = AgentApis.open(config, AgentToken.ensure(client, config.nodeName()), lookup(), runtime, client.clock());
        NodeRegistration.register(client, config, limits, api.port());
    }

    private void startDns() {
        AgentNetworking net = config.network();
        if (net.dnsPort() == 0 || services == null) return;
        try {
            dns = ClusterDns.start(DnsConfig.of(config.address(), net.dnsPort()).withDomain(net.clusterDomain()),
                    ClusterDns.directory(services, endpoints));
            LOG.info("cluster DNS for " + net.clusterDomain() + " on " + dns.address());
        } catch (IllegalStateException e) {
            // pods still run without it; the operator reads why in the log
            LOG.warning(e.getMessage());
        }
    }

    /** The proxy, when this agent runs one. */
    public Optional<ServiceProxy> proxy() {
        return Optional.ofNullable(proxy);
    }

    /** The DNS server, when this agent runs one. */
    public Optional<ClusterDns> dns() {
        return Optional.ofNullable(dns);
    }

    private static boolean isFinal(Pod pod) {
        var phase = pod.status().phase();
        return phase == dev.skiff.api.PodPhase.SUCCEEDED || phase == dev.skiff.api.PodPhase.FAILED;
    }

    private void startWorker(PodRecord record) {
        if (poweredOff) return;
        workers.computeIfAbsent(record.uid(), uid -> new PodWorker(ctx, record, w -> workers.remove(w.uid(), w)).start());
    }

    /** Every pod this node ran before a restart gets its worker back: it re-attaches, or cleans up if the pod is gone. */
    private void resumeRecordedPods() {
        try (Stream<Path> dirs = Files.list(podsDir())) {
            dirs.map(PodRecord::load).flatMap(Optional::stream).forEach(this::startWorker);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Containers the runtime holds that no record names: left by a crash between start and save. */
    private void removeOrphans() {
        var known = new HashSet<String>();
        try (Stream<Path> dirs = Files.list(podsDir())) {
            dirs.map(PodRecord::load).flatMap(Optional::stream).forEach(r -> r.containers().values().forEach(c -> {
                if (c.current() != null) known.add(c.current().id());
                if (c.previous() != null) known.add(c.previous().id());
            }));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (ContainerHandle h : runtime.list()) {
            if (known.contains(h.id())) continue;
            LOG.info("removing orphaned container " + h.id());
            try {
                runtime.destroy(h);
            } catch (RuntimeFailure e) {
                LOG.warning("cannot remove orphaned container " + h.id() + ": " + e.getMessage());
            }
        }
    }

    /** The API's view of this node's containers. */
    private ContainerLookup lookup() {
        return new ContainerLookup() {
            @Override
            public List<PodContainers> pods() {
                return runningPods();
            }

            @Override
            public Found find(String namespace, String pod, String container, boolean previous) {
                return Agent.this.find(namespace, pod, container, previous);
            }
        };
    }

    /** Pods of this node that have a worker, with every container's name (init containers first). */
    private List<ContainerLookup.PodContainers> runningPods() {
        var out = new ArrayList<ContainerLookup.PodContainers>();
        for (var pod : pods.list()) {
            if (pod.spec() == null || !config.nodeName().equals(pod.spec().nodeName())) continue;
            if (!workers.containsKey(pod.metadata().uid())) continue;
            var names = new ArrayList<String>();
            if (pod.spec().initContainers() != null) pod.spec().initContainers().forEach(c -> names.add(c.name()));
            pod.spec().containers().forEach(c -> names.add(c.name()));
            out.add(new ContainerLookup.PodContainers(pod.namespace(), pod.name(), names));
        }
        return out;
    }

    private ContainerLookup.Found find(String namespace, String name, String container, boolean previous) {
        var pod = pods.get(namespace, name).filter(p -> p.spec() != null && config.nodeName().equals(p.spec().nodeName()))
                .orElseThrow(() -> new ContainerLookup.ApiError(404, "pod " + namespace + "/" + name
                        + " does not run on node " + config.nodeName()));
        var worker = workers.get(pod.metadata().uid());
        if (worker == null) {
            throw new ContainerLookup.ApiError(404, "pod " + namespace + "/" + name + " has no containers on node "
                    + config.nodeName() + " (finished, or not started yet)");
        }
        return worker.find(pod, container, previous);
    }

    /** The pods this agent keeps decoded: only those bound to its node (tests check the memory bound). */
    List<Pod> cachedPods() {
        return pods.list();
    }

    /** The store revision the agent's pod cache reflects. */
    long podCacheRevision() {
        return pods.revision();
    }

    public int apiPort() {
        return api.port();
    }

    private Path podsDir() {
        return config.dataDir().resolve("pods");
    }

    /** How many pods this agent is working on now. */
    public int podCount() {
        return workers.size();
    }

    /**
     * Stops the agent and every container it runs (gracefully, then by force): what a local
     * cluster going down wants. The pods stay in the store and start again with the next agent.
     */
    public void shutDownWithContainers(java.time.Duration grace) {
        close(false);
        for (var handle : runtime.list()) {
            try {
                runtime.stop(handle, grace);
                runtime.destroy(handle);
            } catch (RuntimeException e) {
                // already gone
            }
        }
        if (ownsRuntime) runtime.close();
    }

    /** Stops the agent: workers halt, the heartbeat is revoked (the node turns NotReady at once); containers keep running. */
    @Override
    public void close() {
        close(ownsRuntime);
    }

    private void close(boolean closeRuntime) {
        closed = true;
        if (faults != null) faults.close();
        if (api != null && !poweredOff) api.close(); // a powered-off agent closed it already
        if (pods != null) pods.close();
        configMaps.close();
        secrets.close();
        if (proxy != null) proxy.close();
        if (dns != null) dns.close();
        if (services != null) services.close();
        if (endpoints != null) endpoints.close();
        workers.values().forEach(PodWorker::halt);
        if (heartbeat != null) heartbeat.close();
        events.close();
        if (closeRuntime) runtime.close();
    }

    private static InetAddress address(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (IOException e) {
            throw new IllegalArgumentException("--address " + address + " is not an address of this machine: " + e.getMessage());
        }
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage() + " — give the agent a writable --data-dir", e);
        }
    }
}
