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
import java.util.Map;
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
 */
public final class EventRecorder implements AutoCloseable {

    public static final String NORMAL = "Normal";
    public static final String WARNING = "Warning";
    private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
    private static final int REMEMBERED = 4096;

    private final Supplier<Client> client;
    private final String component;
    private final String host;
    private final Clock clock;
    private long lastNanos; // only touched on the writer thread
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
        writer.execute(() -> write(ref, type, reason, message, now));
    }

    private void write(ObjectReference ref, String type, String reason, String message, Instant at) {
        String key = ref.uid() + "|" + ref.kind() + "/" + ref.name() + "|" + type + "|" + reason + "|" + message;
        try {
            Client c = client.get();
            Event previous;
            synchronized (recent) {
                previous = recent.get(key);
            }
            Event stored = previous == null ? create(c, ref, type, reason, message, at) : bump(c, previous, at);
            synchronized (recent) {
                recent.put(key, stored);
            }
        } catch (RuntimeException e) {
            log.debug("event {} {} on {}/{} not recorded: {}", type, reason, ref.namespace(), ref.name(), e.getMessage());
        }
    }

    private Event create(Client c, ObjectReference ref, String type, String reason, String message, Instant at) {
        String ns = ref.namespace() == null || ref.namespace().isEmpty() ? "default" : ref.namespace();
        String name = ref.name() + "." + Long.toHexString(uniqueNanos());
        Event e = new Event(null, null, ObjectMeta.named(ns, name), ref, reason, message,
                new EventSource(component, host), at, at, 1, type, component, host);
        return c.create(e);
    }

    private Event bump(Client c, Event previous, Instant at) {
        try {
            return c.modify(Event.class, previous.namespace(), previous.name(), e -> e.repeated(at));
        } catch (ApiException.NotFound gone) {
            // expired or deleted meanwhile: start counting again
            return create(c, previous.involvedObject(), previous.type(), previous.reason(), previous.message(), at);
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
