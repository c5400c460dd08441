package dev.skiff.agent.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import java.io.Closeable;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Container exits as the daemon's event stream tells them: one {@code /events} connection for
 * this node's containers (their die and oom events count), instead of one poll loop per container. A waiter
 * takes {@link #next} before it inspects the container, so an exit between the two is not lost; when
 * the stream (re)starts or breaks every waiter is woken to inspect again, so an event missed while
 * it was down costs one inspect, never a stuck waiter. Started on the first wait.
 */
final class DockerExits implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DockerExits.class.getName());
    private static final long RECONNECT_MILLIS = 1_000;

    private final DockerClient docker;
    private final String node;
    private final Map<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
    private volatile boolean streaming;
    private volatile boolean closed;
    private Closeable stream; // guarded by this
    private boolean connecting; // guarded by this

    DockerExits(DockerClient docker, String node) {
        this.docker = docker;
        this.node = node;
    }

    /** Completes when container {@code id} may have exited: inspect it then (and take a new one if it still runs). */
    CompletableFuture<Void> next(String id) {
        connect();
        return waiting.computeIfAbsent(id, k -> new CompletableFuture<>());
    }

    /** Whether the event stream is up; while it is not, waiters must poll. */
    boolean streaming() {
        return streaming;
    }

    private synchronized void connect() {
        if (closed || connecting || stream != null) return;
        connecting = true;
        try {
            // actions are picked here, not by an event filter: Podman 4 matches only its own names ("died")
            stream = docker.eventsCmd().withEventTypeFilter("container").withLabelFilter(ContainerLabels.selector(node))
                    .exec(new Listener());
        } catch (RuntimeException e) {
            LOG.fine("docker event stream: " + e.getMessage());
            scheduleReconnect();
        } finally {
            connecting = false;
        }
    }

    private void scheduleReconnect() {
        if (closed) return;
        Thread.ofVirtual().name("docker-events-reconnect").start(() -> {
            try {
                Thread.sleep(RECONNECT_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            connect();
        });
    }

    private synchronized void lost(Closeable which) {
        streaming = false;
        if (stream == which) stream = null;
        wakeAll();
        scheduleReconnect();
    }

    private void wakeAll() {
        for (var id : waiting.keySet()) wake(id);
    }

    private void wake(String id) {
        var f = waiting.remove(id);
        if (f != null) f.complete(null);
    }

    @Override
    public void close() {
        Closeable s;
        synchronized (this) {
            closed = true;
            s = stream;
            stream = null;
        }
        streaming = false;
        wakeAll();
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // the connection is going away anyway
            }
        }
    }

    private final class Listener extends ResultCallback.Adapter<Event> {
        @Override
        public void onStart(Closeable closeable) {
            super.onStart(closeable);
            streaming = true;
            wakeAll(); // an exit before the stream started is seen by the waiters' next inspect
        }

        @Override
        public void onNext(Event event) {
            var action = event.getAction() != null ? event.getAction() : event.getStatus();
            if (!"die".equals(action) && !"oom".equals(action)) return;
            var id = event.getId() != null ? event.getId() : event.getActor() == null ? null : event.getActor().getId();
            if (id != null) wake(id);
        }

        @Override
        public void onError(Throwable e) {
            if (!closed) LOG.fine("docker event stream broke: " + e);
            super.onError(e);
            lost(this);
        }

        @Override
        public void onComplete() {
            super.onComplete();
            lost(this);
        }
    }
}
