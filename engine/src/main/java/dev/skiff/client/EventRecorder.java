package dev.skiff.client;

import dev.skiff.api.Event;
import dev.skiff.api.EventSource;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.ObjectReference;
import dev.skiff.api.Resource;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Events about objects, as client-go's recorder does: a repeat of the same reason and
 * message on the same object bumps {@code count} and {@code lastTimestamp} instead of adding an
 * object. Recording never blocks or fails the caller: events are written in the background, and a
 * write that fails is logged and dropped.
 *
 * <p>The writer takes whatever has queued up since its last write and creates the new events in
 * one transaction: a burst (5,000 binds, 500 evictions) costs the store a few dozen round trips
 * instead of one each, and so takes less from the writes the events are about.
 */
public final class EventRecorder implements AutoCloseable {

    public static final String NORMAL = "Normal";
    public static final String WARNING = "Warning";
    private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
    private static final int REMEMBERED = 4096;
    /**
     * Events created per transaction: each brings two conditions (absent, namespace unchanged) and
     * etcd refuses a transaction with more than 128 (--max-txn-ops).
     */
    static final int PER_TXN = 50;

    private final Supplier<Client> client;
    private final String component;
    private final String host;
    private final Clock clock;
    private long lastNanos; // only touched on the writer thread
    /** Recorded, not yet written; drained by the writer in batches. */
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("events").factory());
    /** (object uid, type, reason, message) → the event that counts its repeats. */
    private final Map<String, Event> recent = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Event> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** {@code client} is asked for on every write, so it can follow a changing leadership guard. */
    public EventRecorder(Supplier<Client> client, String component, String host, Clock clock) {
        this.client = client;
        this.component = component;
        this.host = host;
        this.clock = clock;
    }

    public void normal(Resource about, String reason, String message) {
        record(about, NORMAL, reason, message);
    }

    public void warning(Resource about, String reason, String message) {
        record(about, WARNING, reason, message);
    }

    public void record(Resource about, String type, String reason, String message) {
        ObjectReference ref = ObjectReference.to(about);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        pending.add(new Pending(ref, type, reason, message, now));
        writer.execute(this::drain); // most of these find the queue already drained: cheap
    }

    /** One recorded occurrence; {@code key} identifies the event that counts its repeats. */
    private record Pending(ObjectReference ref, String type, String reason, String message, Instant at) {
        String key() {
            return ref.uid() + "|" + ref.kind() + "/" + ref.name() + "|" + type + "|" + reason + "|" + message;
        }
    }

    /** Writes everything queued: repeats of known events are bumped, new ones created in batches. */
    private void drain() {
        Map<String, Event> fresh = new LinkedHashMap<>();
        Pending p;
        while ((p = pending.poll()) != null) {
            String key = p.key();
            Event known = fresh.get(key);
            if (known != null) {
                fresh.put(key, known.repeated(p.at())); // repeated within the batch: created once, counted
                continue;
            }
            synchronized (recent) {
                known = recent.get(key);
            }
            if (known != null) {
                bumpLogged(key, known, p);
            } else {
                fresh.put(key, newEvent(p));
                if (fresh.size() >= PER_TXN) createAll(fresh);
            }
        }
        createAll(fresh);
    }

    private void bumpLogged(String key, Event known, Pending p) {
        try {
            remember(key, bump(client.get(), known, p.at()));
        } catch (RuntimeException e) {
            log.debug("event {} {} on {}/{} not recorded: {}", p.type(), p.reason(), p.ref().namespace(),
                    p.ref().name(), e.getMessage());
        }
    }

    /** Creates {@code fresh} (then empties it): one transaction, or one by one if that fails. */
    private void createAll(Map<String, Event> fresh) {
        if (fresh.isEmpty()) return;
        List<String> keys = List.copyOf(fresh.keySet());
        List<Event> events = List.copyOf(fresh.values());
        fresh.clear();
        Client c = client.get();
        try {
            List<Event> stored = c.createAll(events);
            for (int i = 0; i < keys.size(); i++) remember(keys.get(i), stored.get(i));
            return;
        } catch (RuntimeException e) {
            log.debug("{} events not recorded in one transaction ({}); trying one by one", events.size(), e.getMessage());
        }
        for (int i = 0; i < keys.size(); i++) {
            Event e = events.get(i);
            try {
                remember(keys.get(i), c.create(e));
            } catch (RuntimeException failed) {
                log.debug("event {} {} on {}/{} not recorded: {}", e.type(), e.reason(), e.namespace(),
                        e.involvedObject().name(), failed.getMessage());
            }
        }
    }

    private void remember(String key, Event stored) {
        synchronized (recent) {
            recent.put(key, stored);
        }
    }

    private Event newEvent(Pending p) {
        return newEvent(p.ref(), p.type(), p.reason(), p.message(), p.at());
    }

    private Event newEvent(ObjectReference ref, String type, String reason, String message, Instant at) {
        String ns = ref.namespace() == null || ref.namespace().isEmpty() ? "default" : ref.namespace();
        String name = ref.name() + "." + Long.toHexString(uniqueNanos());
        return new Event(null, null, ObjectMeta.named(ns, name), ref, reason, message,
                new EventSource(component, host), at, at, 1, type, component, host);
    }

    private Event bump(Client c, Event previous, Instant at) {
        try {
            return c.modify(Event.class, previous.namespace(), previous.name(), e -> e.repeated(at));
        } catch (ApiException.NotFound gone) {
            // expired or deleted meanwhile: start counting again
            return c.create(newEvent(previous.involvedObject(), previous.type(), previous.reason(), previous.message(), at));
        }
    }

    /** kubectl's event names end in the hex time in nanoseconds; strictly increasing here, so unique. */
    private long uniqueNanos() {
        Instant now = clock.instant();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        lastNanos = Math.max(lastNanos + 1, nanos);
        return lastNanos;
    }

    /** Waits for queued events to be written; for tests and orderly shutdown. */
    public void flush() {
        try {
            writer.submit(() -> { }).get();
        } catch (Exception e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        flush();
        writer.shutdown();
    }
}
