package dev.skiff.engine;

import dev.skiff.api.Resource;
import dev.skiff.client.Client;
import dev.skiff.client.Informer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One shared informer per kind (all namespaces) for the whole engine, as client-go's shared
 * informer factory: every controller that reads pods reads the same cache. Informers run whether
 * or not this engine leads, so a standby that takes over starts with warm caches.
 */
public final class Informers implements AutoCloseable {

    private final Client client;
    private final Map<Class<?>, Informer<?>> informers = new ConcurrentHashMap<>();
    private volatile boolean started;

    public Informers(Client client) {
        this.client = client;
    }

    /** The informer of {@code type}, created on first use (and started if the others are). */
    @SuppressWarnings("unchecked")
    public <T extends Resource> Informer<T> of(Class<T> type) {
        return (Informer<T>) informers.computeIfAbsent(type, t -> {
            Informer<T> inf = new Informer<>(client, type, null);
            if (started) inf.start();
            return inf;
        });
    }

    public synchronized void start() {
        started = true;
        informers.values().forEach(Informer::start);
    }

    public boolean hasSynced() {
        return informers.values().stream().allMatch(Informer::hasSynced);
    }

    public boolean awaitSynced(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Informer<?> inf : List.copyOf(informers.values())) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !inf.awaitSynced(Duration.ofNanos(left))) return false;
        }
        return true;
    }

    @Override
    public void close() {
        informers.values().forEach(Informer::close);
    }
}
