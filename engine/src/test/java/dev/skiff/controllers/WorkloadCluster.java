package dev.skiff.controllers;

import static org.awaitility.Awaitility.await;

import dev.skiff.api.Container;
import dev.skiff.api.Deployment;
import dev.skiff.api.DeploymentSpec;
import dev.skiff.api.DeploymentStrategy;
import dev.skiff.api.DeploymentStrategyType;
import dev.skiff.api.IntOrString;
import dev.skiff.api.LabelSelector;
import dev.skiff.api.Namespace;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Pod;
import dev.skiff.api.PodSpec;
import dev.skiff.api.PodTemplateSpec;
import dev.skiff.api.ReplicaSet;
import dev.skiff.api.RollingUpdateDeployment;
import dev.skiff.client.Client;
import dev.skiff.controllers.replicaset.Pods;
import dev.skiff.engine.Engine;
import dev.skiff.engine.EngineConfig;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import dev.skiff.store.StoreConfig;
import dev.skiff.testing.HollowNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real engine on a real store with hollow nodes, in its own namespace. Until the scheduler
 * lands, pods run because test templates carry {@code spec.nodeName} (bound directly, as in
 * Kubernetes).
 */
public final class WorkloadCluster implements AutoCloseable {

    private static final AtomicInteger SEQ = new AtomicInteger();

    public final Store store;
    public final Client client;
    public final String ns;
    private final List<Engine> engines = new ArrayList<>();
    private final List<HollowNode> nodes = new ArrayList<>();
    private final List<AutoCloseable> extra = new ArrayList<>();

    private WorkloadCluster(Store store, String ns) {
        this.store = store;
        this.client = new Client(store, Clock.systemUTC());
        this.ns = ns;
    }

    /** Connects to {@code endpoint}, starts one engine and waits until it leads. */
    public static WorkloadCluster start(URI endpoint, String namePrefix) {
        WorkloadCluster c = withoutEngine(endpoint, namePrefix);
        c.startEngine(c.store, c.ns + "-engine");
        await().atMost(30, TimeUnit.SECONDS).until(() -> c.engines.getFirst().isLeader()
                && c.engines.getFirst().manager().isRunning());
        return c;
    }

    /** A namespace on {@code endpoint} and no engine yet: the caller starts them. */
    public static WorkloadCluster withoutEngine(URI endpoint, String namePrefix) {
        Store store = EtcdStore.connect(StoreConfig.of(List.of(endpoint)));
        String ns = namePrefix + "-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
        WorkloadCluster c = new WorkloadCluster(store, ns);
        c.client.create(new Namespace(null, null, ObjectMeta.named(ns), null, null));
        return c;
    }

    public Engine startEngine(Store on, String identity) {
        Engine e = new Engine(on, EngineConfig.defaults().withIdentity(identity).withLeaderTtl(Duration.ofSeconds(2)),
                Clock.systemUTC(), Engine.builtIn()).start();
        engines.add(e);
        return e;
    }

    public List<Engine> engines() {
        return engines;
    }

    public HollowNode node(String name) {
        HollowNode n = HollowNode.start(store, ns + "-" + name, "64", "256Gi", Map.of());
        nodes.add(n);
        return n;
    }

    public void closeLater(AutoCloseable c) {
        extra.add(c);
    }

    public static PodTemplateSpec template(String app, String image, String nodeName) {
        PodSpec spec = PodSpec.of(Container.of("app", image));
        if (nodeName != null) spec = spec.withNodeName(nodeName);
        return new PodTemplateSpec(ObjectMeta.EMPTY.withLabels(Map.of("app", app)), spec);
    }

    public Deployment deployment(String name, int replicas, String image, HollowNode node,
                                 DeploymentStrategy strategy, Integer historyLimit, Integer deadline) {
        return deployment(name, replicas, image, node, strategy, historyLimit, deadline, null);
    }

    public Deployment deployment(String name, int replicas, String image, HollowNode node,
                                 DeploymentStrategy strategy, Integer historyLimit, Integer deadline,
                                 Integer minReadySeconds) {
        DeploymentSpec spec = new DeploymentSpec(replicas, LabelSelector.of(Map.of("app", name)),
                template(name, image, node == null ? null : node.name()), strategy, minReadySeconds, historyLimit,
                null, deadline);
        return client.create(Deployment.of(ObjectMeta.named(ns, name), spec));
    }

    public static DeploymentStrategy rolling(Object maxSurge, Object maxUnavailable) {
        return new DeploymentStrategy(DeploymentStrategyType.ROLLING_UPDATE,
                new RollingUpdateDeployment(ios(maxUnavailable), ios(maxSurge)));
    }

    public static DeploymentStrategy recreate() {
        return new DeploymentStrategy(DeploymentStrategyType.RECREATE, null);
    }

    private static IntOrString ios(Object v) {
        return v instanceof Integer i ? IntOrString.of(i) : IntOrString.of((String) v);
    }

    /** Changes the image (a template change: a new rollout) and, optionally, the node. */
    public Deployment setImage(String name, String image, HollowNode node) {
        return client.modify(Deployment.class, ns, name, d -> d.withSpec(d.spec().withTemplate(
                template(name, image, node == null ? d.spec().template().spec().nodeName() : node.name()))));
    }

    public Deployment scale(String name, int replicas) {
        return client.modify(Deployment.class, ns, name, d -> d.withSpec(d.spec().withReplicas(replicas)));
    }

    public List<Pod> pods(String app) {
        return client.list(Pod.class, ns, LabelSelector.of(Map.of("app", app))).items();
    }

    public List<Pod> livePods(String app) {
        return pods(app).stream().filter(Pods::active).toList();
    }

    public List<ReplicaSet> replicaSets(String app) {
        return client.list(ReplicaSet.class, ns, LabelSelector.of(Map.of("app", app))).items();
    }

    public Deployment get(String name) {
        return client.require(Deployment.class, ns, name);
    }

    /** Waits until the Deployment has rolled out {@code image} completely. */
    public void awaitRolledOut(String name, String image, int replicas, Duration atMost) {
        await().atMost(atMost.toMillis(), TimeUnit.MILLISECONDS).pollInterval(Duration.ofMillis(100)).until(() -> {
            Deployment d = get(name);
            List<Pod> live = livePods(name);
            return d.status() != null && d.status().observedGeneration() != null
                    && d.status().observedGeneration().equals(d.metadata().generation())
                    && live.size() == replicas && live.stream().allMatch(p -> Pods.ready(p)
                    && p.spec().containers().getFirst().image().equals(image))
                    && pods(name).size() == replicas
                    && Integer.valueOf(replicas).equals(d.status().availableReplicas())
                    && Integer.valueOf(replicas).equals(d.status().updatedReplicas());
        });
    }

    @Override
    public void close() {
        for (AutoCloseable c : extra) closeQuietly(c);
        for (Engine e : engines) closeQuietly(e);
        for (HollowNode n : nodes) closeQuietly(n);
        closeQuietly(store);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // best effort: the next test gets a fresh namespace anyway
        }
    }
}
