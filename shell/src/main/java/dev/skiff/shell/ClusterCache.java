package dev.skiff.shell;

import dev.skiff.api.Container;
import dev.skiff.api.KindInfo;
import dev.skiff.api.Kinds;
import dev.skiff.api.Namespace;
import dev.skiff.api.Pod;
import dev.skiff.api.Resource;
import dev.skiff.client.Client;
import dev.skiff.client.Informer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the prompt knows about the cluster while you type: one informer per kind, started the
 * first time the kind is asked about (or warmed at start), answered from memory. Nothing here
 * waits on the network: a kind not listed yet simply has no names for a moment (kube-prompt's rule).
 */
public final class ClusterCache implements AutoCloseable {

    private final Client client;
    private final Map<Class<?>, Informer<?>> informers = new ConcurrentHashMap<>();

    public ClusterCache(Client client) {
        this.client = client;
    }

    /** The client the cache lists and watches with (the session's connection). */
    public Client client() {
        return client;
    }

    /** Starts the informers completion needs most, in the background. */
    public ClusterCache warm(List<String> kinds) {
        for (String k : kinds) Kinds.resolve(k).ifPresent(this::informer);
        return this;
    }

    @SuppressWarnings("unchecked")
    public <T extends Resource> Informer<T> informer(Class<T> type) {
        return (Informer<T>) informers.computeIfAbsent(type, t -> new Informer<>(client, type, null).start());
    }

    private Informer<? extends Resource> informer(KindInfo kind) {
        return informer(kind.type());
    }

    /** Names of {@code kind} in {@code namespace} (ignored for cluster-scoped kinds), sorted. */
    public List<String> names(KindInfo kind, String namespace) {
        Informer<? extends Resource> inf = informer(kind);
        List<? extends Resource> items = kind.namespaced() ? inf.list(namespace) : inf.list();
        return items.stream().map(Resource::name).sorted().toList();
    }

    public boolean exists(KindInfo kind, String namespace, String name) {
        return informer(kind).get(kind.namespaced() ? namespace : null, name).isPresent();
    }

    public List<String> namespaces() {
        return informer(Namespace.class).list().stream().map(Resource::name).sorted().toList();
    }

    /** Label keys and their values seen on {@code kind} in {@code namespace}. */
    public Map<String, Set<String>> labels(KindInfo kind, String namespace) {
        Map<String, Set<String>> out = new TreeMap<>();
        List<? extends Resource> items = kind.namespaced() ? informer(kind).list(namespace) : informer(kind).list();
        for (Resource r : items) {
            r.metadata().labelsOrEmpty().forEach((k, v) -> out.computeIfAbsent(k, x -> new TreeSet<>()).add(v));
        }
        return out;
    }

    /** Container names of a pod, for {@code -c}. */
    public List<String> containers(String namespace, String pod) {
        return informer(Pod.class).get(namespace, pod)
                .map(p -> p.spec().containers().stream().map(Container::name).toList())
                .orElse(List.of());
    }

    /** Counts for the status line: nodes ready / all, pods running / all. */
    public Counts counts() {
        List<dev.skiff.api.Node> nodes = informer(dev.skiff.api.Node.class).list();
        long ready = nodes.stream().filter(dev.skiff.api.Node::ready).count();
        List<Pod> pods = informer(Pod.class).list();
        long running = pods.stream().filter(p -> p.status() != null && p.status().phase() == dev.skiff.api.PodPhase.RUNNING).count();
        return new Counts((int) ready, nodes.size(), (int) running, pods.size());
    }

    public record Counts(int nodesReady, int nodes, int podsRunning, int pods) {}

    @Override
    public void close() {
        informers.values().forEach(Informer::close);
    }
}
