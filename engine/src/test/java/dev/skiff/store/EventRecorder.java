package dev.skiff.store;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A WatchListener for tests: keeps every event and error, and checks delivery order as it goes. */
public final class EventRecorder implements WatchListener {

    private final List<WatchEvent> events = new CopyOnWriteArrayList<>();
    private final List<StoreException> errors = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private volatile long lastRevision;

    @Override
    public void onEvents(List<WatchEvent> batch) {
        for (WatchEvent e : batch) {
            // events of one txn share a revision; anything lower than what we saw is a replay
            if (e.revision() < lastRevision) violations.add("out of order or repeated: " + e);
            lastRevision = e.revision();
        }
        events.addAll(batch);
    }

    @Override
    public void onError(StoreException e) {
        errors.add(e);
    }

    public List<WatchEvent> events() {
        return new ArrayList<>(events);
    }

    public List<StoreException> errors() {
        return new ArrayList<>(errors);
    }

    public List<String> violations() {
        return new ArrayList<>(violations);
    }

    public List<WatchEvent> awaitEvents(int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> events.size() >= count || !errors.isEmpty());
        return events();
    }

    public StoreException awaitError() {
        await().atMost(Duration.ofSeconds(20)).until(() -> !errors.isEmpty());
        return errors.getFirst();
    }
}
