package dev.skiff.client;

import dev.skiff.api.KindInfo;
import dev.skiff.api.LabelSelector;
import dev.skiff.api.Resource;
import dev.skiff.store.Keys;
import dev.skiff.store.StoreException;
import dev.skiff.store.Watch;
import dev.skiff.store.WatchEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A list+watch cache of one kind: lists, then watches from the list's revision, so no change is
 * lost or seen twice; re-lists when the watch's history was compacted, and again (with backoff)
 * after the store was unreachable. Readers get the cache, indexed by namespace and by label;
 * handlers get every change on the informer's own thread, in revision order. With a
 * {@link StoredFilter} it keeps only the objects that pass it: the others are never decoded, and an
 * object that stops passing (or is deleted) leaves the cache with a delete to the handlers.
 */
public final class Informer<T extends Resource> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Informer.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final Client client;
    private final Class<T> type;
    private final String namespace;
    private final StoredFilter<T> filter;
    private final String keyPrefix;
    private final boolean namespaced;
    private final List<ResourceHandler<T>> handlers = new CopyOnWriteArrayList<>();
    private final Map<String, T> cache = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> byNamespace = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> byLabel = new ConcurrentHashMap<>();
    private final BlockingQueue<Signal<T>> inbox = new LinkedBlockingQueue<>();
    private final CountDownLatch synced = new CountDownLatch(1);
    private volatile long revision;
    /** The revision the last list reflected; watch events at or below it are already in the cache. */
    private long listedRevision;
    private volatile boolean stopped;
    private volatile Thread loop;
    private Watch watch;

    private sealed interface Signal<T extends Resource> {
        record Change<T extends Resource>(ResourceEvent<T> event) implements Signal<T> {}
        /** The object at {@code key} no longer passes the filter (or was deleted without passing it). */
        record Gone<T extends Resource>(String key, long revision) implements Signal<T> {}
        record Failure<T extends Resource>(RuntimeException error) implements Signal<T> {}
    }

    /** An informer over {@code type} in {@code namespace} (null = every namespace). */
    public Informer(Client client, Class<T> type, String namespace) {
        this(client, type, namespace, StoredFilter.all());
    }

    /** An informer that keeps (and decodes) only the objects passing {@code filter}. */
    public Informer(Client client, Class<T> type, String namespace, StoredFilter<T> filter) {
        this.client = client;
        this.type = type;
        this.namespace = namespace;
        this.filter = filter;
        KindInfo kind = ObjectRef.kindOf(type);
        this.keyPrefix = Keys.ofKind(kind.plural());
        this.namespaced = kind.namespaced();
    }

    public Class<T> type() {
        return type;
    }

    public Informer<T> addHandler(ResourceHandler<T> handler) {
        handlers.add(handler);
        return this;
    }

    public void removeHandler(ResourceHandler<T> handler) {
        handlers.remove(handler);
    }

    public synchronized Informer<T> start() {
        if (loop == null) loop = Thread.ofVirtual().name("informer-" + type.getSimpleName()).start(this::run);
        return this;
    }

    public boolean hasSynced() {
        return synced.getCount() == 0;
    }

    /** Waits for the first list; false when it did not complete in time. */
    public boolean awaitSynced(Duration timeout) {
        try {
            return synced.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The highest store revision reflected in the cache. */
    public long revision() {
        return revision;
    }

    public Optional<T> get(String namespace, String name) {
        return Optional.ofNullable(cache.get(cacheKey(namespace, name)));
    }

    public List<T> list() {
        return List.copyOf(cache.values());
    }

    public List<T> list(String namespace) {
        if (namespace == null) return list();
        return collect(byNamespace.getOrDefault(namespace, Set.of()));
    }

    /** Objects in {@code namespace} (null = all) whose labels match {@code selector}. */
    public List<T> list(String namespace, LabelSelector selector) {
        Collection<String> candidates = candidatesFor(selector);
        List<T> out = new ArrayList<>();
        for (T obj : candidates == null ? cache.values() : collect(candidates)) {
            if (namespace != null && !namespace.equals(nsOf(obj))) continue;
            if (selector == null || selector.matches(obj.metadata().labelsOrEmpty())) out.add(obj);
        }
        return out;
    }

    @Override
    public void close() {
        stopped = true;
        Thread t = loop;
        if (t != null) t.interrupt();
        closeWatch();
    }

    // ---- the loop

    private void run() {
        Duration backoff = Duration.ofMillis(100);
        while (!stopped) {
            try {
                relist();
                synced.countDown();
                backoff = Duration.ofMillis(100);
                consume();
            } catch (InterruptedException e) {
                return;
            } catch (StoreException.Compacted e) {
                log.debug("{} informer: history compacted, listing again", type.getSimpleName());
            } catch (RuntimeException e) {
                if (stopped) return;
                log.warn("{} informer: {} — retrying in {} ms", type.getSimpleName(), e.getMessage(), backoff.toMillis());
                if (!sleep(backoff)) return;
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } finally {
                closeWatch();
            }
        }
    }

    private void relist() {
        closeWatch();
        inbox.clear();
        ResourceList<T> listed = client.listFiltered(type, namespace, filter);
        Map<String, T> fresh = new HashMap<>();
        for (T obj : listed.items()) fresh.put(cacheKey(obj), obj);
        for (String key : List.copyOf(cache.keySet())) {
            if (!fresh.containsKey(key)) remove(key).ifPresent(old -> dispatch(h -> h.onDelete(old)));
        }
        for (Map.Entry<String, T> e : fresh.entrySet()) {
            T old = cache.get(e.getKey());
            if (old == null) {
                put(e.getValue());
                dispatch(h -> h.onAdd(e.getValue()));
            } else if (!old.metadata().resourceVersion().equals(e.getValue().metadata().resourceVersion())) {
                put(e.getValue());
                dispatch(h -> h.onUpdate(old, e.getValue()));
            }
        }
        revision = listed.revision();
        listedRevision = listed.revision();
        watch = client.watchRaw(type, namespace, listed.revision() + 1,
                event -> inbox.add(toSignal(event)),
                error -> inbox.add(new Signal.Failure<>(error)));
    }

    /**
     * Decodes on the watch's thread, and only what the cache keeps: every put arrives as
     * {@link ResourceEvent.Added} with only the new state decoded (the cache holds the previous
     * one; decoding it too doubled the JSON work of every watcher, its largest CPU cost), and an
     * object failing the filter is never decoded at all — it can only leave the cache.
     */
    private Signal<T> toSignal(WatchEvent event) {
        return switch (event) {
            case WatchEvent.Put put -> {
                if (!filter.mayMatch(put.kv().value())) yield gone(put);
                T obj = Client.decode(type, put.kv());
                yield filter.matches(obj) ? new Signal.Change<>(new ResourceEvent.Added<>(obj, put.revision())) : gone(put);
            }
            case WatchEvent.Delete del -> del.previous().isPresent() && filter.mayMatch(del.previous().get().value())
                    ? new Signal.Change<>(Client.toResourceEvent(type, del)) : gone(del);
        };
    }

    private Signal<T> gone(WatchEvent event) {
        // the store key is <prefix><namespace>/<name> or <prefix><name>: the cache key without decoding
        String rest = event.key().substring(keyPrefix.length());
        return new Signal.Gone<>(namespaced ? rest : "/" + rest, event.revision());
    }

    private void consume() throws InterruptedException {
        while (!stopped) {
            Signal<T> signal = inbox.take();
            switch (signal) {
                case Signal.Failure<T> f -> throw f.error();
                case Signal.Change<T> c -> apply(c.event());
                case Signal.Gone<T> g -> drop(g);
            }
        }
    }

    private void apply(ResourceEvent<T> event) {
        // not "<= revision": the objects of one txn share a revision, and each must be applied
        if (event.revision() <= listedRevision) return;
        revision = Math.max(revision, event.revision());
        T obj = event.object();
        String key = cacheKey(obj);
        switch (event) {
            case ResourceEvent.Deleted<T> d -> remove(key).ifPresent(old -> dispatch(h -> h.onDelete(obj)));
            case ResourceEvent.Added<T> a -> upsert(key, obj);
            case ResourceEvent.Modified<T> m -> upsert(key, obj);
        }
    }

    private void drop(Signal.Gone<T> gone) {
        if (gone.revision() <= listedRevision) return;
        revision = Math.max(revision, gone.revision());
        remove(gone.key()).ifPresent(old -> dispatch(h -> h.onDelete(old)));
    }

    private void upsert(String key, T obj) {
        T old = cache.get(key);
        put(obj);
        if (old == null) dispatch(h -> h.onAdd(obj)); else dispatch(h -> h.onUpdate(old, obj));
    }

    private void dispatch(java.util.function.Consumer<ResourceHandler<T>> call) {
        for (ResourceHandler<T> h : handlers) {
            try {
                call.accept(h);
            } catch (RuntimeException e) {
                log.error("{} informer: a handler failed", type.getSimpleName(), e);
            }
        }
    }

    // ---- cache and indexes

    /**
     * Replaces in place: readers on other threads (handlers of other informers) must never see an
     * updated object missing from the cache or its indexes, so new entries go in before stale
     * label entries come out.
     */
    private void put(T obj) {
        String key = cacheKey(obj);
        T old = cache.put(key, obj);
        byNamespace.computeIfAbsent(nsOf(obj), k -> ConcurrentHashMap.newKeySet()).add(key);
        Map<String, String> labels = obj.metadata().labelsOrEmpty();
        labels.forEach((k, v) -> byLabel.computeIfAbsent(k + "=" + v, x -> ConcurrentHashMap.newKeySet()).add(key));
        if (old == null) return;
        old.metadata().labelsOrEmpty().forEach((k, v) -> {
            if (v.equals(labels.get(k))) return;
            Set<String> s = byLabel.get(k + "=" + v);
            if (s != null) s.remove(key);
        });
    }

    private Optional<T> remove(String key) {
        T old = cache.remove(key);
        if (old == null) return Optional.empty();
        Set<String> ns = byNamespace.get(nsOf(old));
        if (ns != null) ns.remove(key);
        old.metadata().labelsOrEmpty().forEach((k, v) -> {
            Set<String> s = byLabel.get(k + "=" + v);
            if (s != null) s.remove(key);
        });
        return Optional.of(old);
    }

    /** Keys that can match: the smallest label-index set among the selector's equality terms. */
    private Collection<String> candidatesFor(LabelSelector selector) {
        if (selector == null) return null;
        Collection<String> best = null;
        for (Map.Entry<String, String> e : selector.matchLabels().entrySet()) {
            Set<String> s = byLabel.getOrDefault(e.getKey() + "=" + e.getValue(), Set.of());
            if (best == null || s.size() < best.size()) best = s;
        }
        return best;
    }

    private List<T> collect(Collection<String> keys) {
        List<T> out = new ArrayList<>(keys.size());
        for (String k : keys) {
            T obj = cache.get(k);
            if (obj != null) out.add(obj);
        }
        return out;
    }

    private static String nsOf(Resource obj) {
        return obj.namespace() == null ? "" : obj.namespace();
    }

    private String cacheKey(T obj) {
        return cacheKey(obj.namespace(), obj.name());
    }

    private static String cacheKey(String namespace, String name) {
        return (namespace == null ? "" : namespace) + "/" + name;
    }

    private void closeWatch() {
        Watch w = watch;
        watch = null;
        if (w != null) w.close();
    }

    private static boolean sleep(Duration d) {
        try {
            Thread.sleep(d);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
