package dev.skiff.store.embedded;

import io.etcd.jetcd.api.Event;
import io.etcd.jetcd.api.KeyValue;
import io.etcd.jetcd.api.WatchCreateRequest;
import io.etcd.jetcd.api.WatchRequest;
import io.etcd.jetcd.api.WatchResponse;
import io.grpc.stub.StreamObserver;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One client's bidirectional Watch stream, holding any number of watchers. */
final class WatchStream implements StreamObserver<WatchRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(WatchStream.class);
    /** Revisions read per replay query, so a long history is streamed rather than loaded at once. */
    private static final long REPLAY_WINDOW = 1000;

    private final Backend backend;
    private final StreamObserver<WatchResponse> out;
    private final Map<Long, ServerWatch> watches = new ConcurrentHashMap<>();
    private long nextId;
    private volatile boolean closed;

    WatchStream(Backend backend, StreamObserver<WatchResponse> out) {
        this.backend = backend;
        this.out = out;
    }

    @Override
    public void onNext(WatchRequest req) {
        switch (req.getRequestUnionCase()) {
            case CREATE_REQUEST -> create(req.getCreateRequest());
            case CANCEL_REQUEST -> cancel(req.getCancelRequest().getWatchId());
            case PROGRESS_REQUEST -> send(WatchResponse.newBuilder()
                    .setHeader(backend.identity().header(backend.hub().revision()))
                    .setWatchId(-1)
                    .build());
            default -> { }
        }
    }

    private void create(WatchCreateRequest req) {
        long id;
        synchronized (this) {
            id = nextId++;
        }
        ServerWatch watch = new ServerWatch(id, req, this);
        watches.put(id, watch);
        long start = req.getStartRevision();
        long[] replayTo = {-1};
        backend.hub().register(watch, published -> {
            send(WatchResponse.newBuilder()
                    .setHeader(backend.identity().header(published))
                    .setWatchId(id)
                    .setCreated(true)
                    .build());
            if (start <= 0 || start > published) {
                watch.startLive(start <= 0 ? published + 1 : start);
            } else {
                watch.startReplay(start);
                replayTo[0] = published;
            }
        });
        if (replayTo[0] >= 0) {
            long to = replayTo[0];
            Thread.ofVirtual().name("skiff-watch-replay-" + id).start(() -> replay(watch, start, to));
        }
    }

    private void replay(ServerWatch watch, long from, long to) {
        try {
            boolean compacted = backend.log().read(c -> {
                SqliteLog.maxRevision(c); // pins this read's snapshot before the compaction check
                if (from < backend.compactRevision()) {
                    return true;
                }
                for (long lo = from; lo <= to && !closed; lo += REPLAY_WINDOW) {
                    List<Event> events = watch.select(events(c, SqliteLog.history(c, lo, Math.min(to, lo + REPLAY_WINDOW - 1))));
                    if (!events.isEmpty()) {
                        sendEvents(watch.id, events, events.getLast().getKv().getModRevision());
                    }
                }
                return false;
            });
            if (compacted) {
                cancelCompacted(watch);
            } else {
                backend.hub().locked(() -> watch.goLive(to));
            }
        } catch (RuntimeException e) {
            LOG.warn("watch replay failed", e);
            backend.hub().unregister(watch);
            watches.remove(watch.id);
            send(WatchResponse.newBuilder().setHeader(backend.identity().header(backend.hub().revision()))
                    .setWatchId(watch.id).setCanceled(true).setCancelReason(String.valueOf(e.getMessage())).build());
        }
    }

    private void cancelCompacted(ServerWatch watch) {
        backend.hub().unregister(watch);
        watches.remove(watch.id);
        send(WatchResponse.newBuilder()
                .setHeader(backend.identity().header(backend.hub().revision()))
                .setWatchId(watch.id)
                .setCompactRevision(backend.compactRevision())
                .setCanceled(true)
                .build());
    }

    /** Turns log rows into events; prev_kv comes from the row each one superseded. */
    private static List<Event> events(Connection c, List<Row> rows) {
        List<Event> events = new ArrayList<>(rows.size());
        for (Row r : rows) {
            Event.Builder e = Event.newBuilder();
            if (r.deleted()) {
                e.setType(Event.EventType.DELETE)
                        .setKv(KeyValue.newBuilder().setKey(r.name()).setModRevision(r.revision()));
            } else {
                e.setType(Event.EventType.PUT).setKv(r.toKeyValue());
            }
            Row prev = r.prevRevision() > 0 ? SqliteLog.at(c, r.name(), r.prevRevision()) : null;
            if (prev != null && !prev.deleted()) {
                e.setPrevKv(prev.toKeyValue());
            }
            events.add(e.build());
        }
        return events;
    }

    private void cancel(long id) {
        ServerWatch watch = watches.remove(id);
        if (watch != null) {
            backend.hub().unregister(watch);
        }
        send(WatchResponse.newBuilder()
                .setHeader(backend.identity().header(backend.hub().revision()))
                .setWatchId(id)
                .setCanceled(true)
                .build());
    }

    /** Sends events, split into responses of bounded size at revision boundaries. */
    void sendEvents(long watchId, List<Event> events, long headerRevision) {
        int limit = backend.config().maxWatchResponseBytes();
        WatchResponse.Builder chunk = WatchResponse.newBuilder().setWatchId(watchId);
        int size = 0;
        long chunkRevision = 0;
        for (Event e : events) {
            long rev = e.getKv().getModRevision();
            if (size > limit && rev != chunkRevision) {
                send(chunk.setHeader(backend.identity().header(chunkRevision)).build());
                chunk = WatchResponse.newBuilder().setWatchId(watchId);
                size = 0;
            }
            chunk.addEvents(e);
            size += e.getSerializedSize();
            chunkRevision = rev;
        }
        send(chunk.setHeader(backend.identity().header(Math.max(chunkRevision, headerRevision))).build());
    }

    void progress(long revision) {
        for (ServerWatch w : watches.values()) {
            if (w.progressNotify && w.isLive() && !w.takeActivity()) {
                send(WatchResponse.newBuilder()
                        .setHeader(backend.identity().header(revision))
                        .setWatchId(w.id)
                        .build());
            }
        }
    }

    synchronized void send(WatchResponse response) {
        if (closed) {
            return;
        }
        try {
            out.onNext(response);
        } catch (RuntimeException e) {
            // the client went away mid-send; onError/onCompleted will clean up
            closed = true;
        }
    }

    @Override
    public void onError(Throwable t) {
        end();
    }

    @Override
    public void onCompleted() {
        end();
        synchronized (this) {
            try {
                out.onCompleted();
            } catch (RuntimeException ignored) {
                // already closed by the transport
            }
        }
    }

    private void end() {
        closed = true;
        watches.values().forEach(backend.hub()::unregister);
        watches.clear();
        backend.watchStreams().remove(this);
    }
}
