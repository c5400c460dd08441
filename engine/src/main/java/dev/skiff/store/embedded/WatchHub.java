package dev.skiff.store.embedded;

import io.etcd.jetcd.api.Event;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Fans committed events out to watchers. The writer calls {@link #publish} after each commit, in
 * revision order; registration happens under the same lock, so a new watcher learns exactly which
 * revision it must replay up to and receives every later event live — no gap, no duplicate.
 */
final class WatchHub {
    private final Object lock = new Object();
    private final Set<ServerWatch> watchers = new LinkedHashSet<>();
    private long published;

    WatchHub(long startRevision) {
        this.published = startRevision;
    }

    void publish(List<Event> events) {
        synchronized (lock) {
            published = events.getLast().getKv().getModRevision();
            for (ServerWatch w : watchers) {
                w.offer(events, published);
            }
        }
    }

    /** Adds a watcher; {@code atRevision} runs under the lock with the newest published revision. */
    void register(ServerWatch watch, LongConsumer atRevision) {
        synchronized (lock) {
            watchers.add(watch);
            atRevision.accept(published);
        }
    }

    void unregister(ServerWatch watch) {
        synchronized (lock) {
            watchers.remove(watch);
        }
    }

    /** Runs {@code action} with no publish in flight (used to end a watcher's replay). */
    void locked(Runnable action) {
        synchronized (lock) {
            action.run();
        }
    }

    long revision() {
        synchronized (lock) {
            return published;
        }
    }

    List<ServerWatch> watchers() {
        synchronized (lock) {
            return new ArrayList<>(watchers);
        }
    }
}
