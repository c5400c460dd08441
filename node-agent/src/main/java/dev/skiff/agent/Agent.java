package dev.skiff.agent;

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
import dev.skiff.client.NodeHeartbeat;
import dev.skiff.client.ResourceHandler;
import dev.skiff.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
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
    private AgentApi api;
    private Informer<Service> services;
    private Informer<Endpoints> endpoints;
    private ServiceProxy proxy;
    private ClusterDns dns;
    private NodeHeartbeat heartbeat;
    private AgentContext ctx;
    private volatile boolean closed;

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
        var limits = runtime instanceof ProcessRuntime p ? p.limitsNotEnforced() : Optional.<String>empty();
        api = AgentApis.open(config, AgentToken.ensure(client, config.nodeName()), this::find, runtime, client.clock());
        NodeRegistration.register(client, config, limits, api.port());
        heartbeat = NodeHeartbeat.start(client.store(), config.nodeName(), config.heartbeatTtl(),
                () -> LOG.warning("heartbeat lease of node " + config.nodeName() + " lost: the store was unreachable too long"));
        pods = new Informer<>(client, Pod.class, null);
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
        Warmup.start(runtime.name());
        LOG.info("skiff agent " + config.nodeName() + " (" + runtime.name() + " runtime) ready on " + config.address());
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
                var w = workers.get(pod.metadata().uid());
                if (w != null) w.kick();
            }
        };
    }

    private void consider(Pod pod) {
        if (closed) return;
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
        if (net.dnsPort() != 0) {
            try {
                dns = ClusterDns.start(DnsConfig.of(config.address(), net.dnsPort()).withDomain(net.clusterDomain()),
                        ClusterDns.directory(services, endpoints));
                LOG.info("cluster DNS for " + net.clusterDomain() + " on " + dns.address());
            } catch (IllegalStateException e) {
                // pods still run without it; the operator reads why in the log
                LOG.warning(e.getMessage());
            }
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
        if (api != null) api.close();
        if (pods != null) pods.close();
        configMaps.close();
        secrets.close();
        if (proxy != null) proxy.close();
        if (dns != null) dns.close();
        if (services != null) services.close();
        if (endpoints != null) endpoints.close();
        workers.values().forEach(PodWorker::halt);
        if (heartbeat != null) {
            try {
                heartbeat.close();
            } catch (RuntimeException e) {
                // the store is gone: the lease expires by itself
            }
        }
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
