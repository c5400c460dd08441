package dev.skiff.scenario;

import dev.skiff.chaos.ChaosLease;
import dev.skiff.store.ListOptions;
import dev.skiff.store.StoreException;
import dev.skiff.store.Store;
import dev.skiff.store.Watch;
import dev.skiff.store.WatchEvent;
import dev.skiff.store.WatchListener;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Running scenarios as the store sees them: each run writes {@code /skiff/chaos/runs/<lease>} on
 * its lease (gone when it ends or dies), and watches the halt marker {@value #HALT_KEY}, which
 * {@code chaos halt} bumps: every run sees the bump within a watch round trip and ends interrupted.
 */
public final class ScenarioRuns {

    public static final String RUNS_PREFIX = "/skiff/chaos/runs/";
    public static final String HALT_KEY = "/skiff/chaos/halt";

    private ScenarioRuns() {
    }

    public static void register(Store store, ChaosLease.Hold hold, String title) {
        store.put(RUNS_PREFIX + hold.id(), title.getBytes(StandardCharsets.UTF_8), hold.id());
    }

    /** Titles of the scenarios running now. */
    public static List<String> running(Store store) {
        return store.list(RUNS_PREFIX, ListOptions.LATEST).items().stream()
                .map(kv -> new String(kv.value(), StandardCharsets.UTF_8)).toList();
    }

    /** Tells every running scenario to stop (chaos halt). */
    public static void halt(Store store) {
        store.put(HALT_KEY, Instant.now().toString().getBytes(StandardCharsets.UTF_8), 0);
    }

    /** Calls {@code onHalt} when the marker is bumped after now; close the watch when the run ends. */
    public static Watch onHalt(Store store, Runnable onHalt) {
        long from = store.currentRevision() + 1;
        return store.watch(HALT_KEY, from, new WatchListener() {
            @Override
            public void onEvents(List<WatchEvent> batch) {
                if (batch.stream().anyMatch(e -> e instanceof WatchEvent.Put && e.key().equals(HALT_KEY))) onHalt.run();
            }

            @Override
            public void onError(StoreException e) {
                // the store went away: the lease goes with it, and so do the run's faults
            }
        });
    }
}
