package dev.skiff.store.embedded;

import io.etcd.jetcd.api.Event;
import io.etcd.jetcd.api.WatchCreateRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * One watcher on a stream: its key range, filters and position. While it replays history it
 * buffers live events, which {@link #goLive} flushes once the replay has caught up.
 */
final class ServerWatch {
    final long id;
    final KeyRange range;
    final boolean prevKv;
    final boolean progressNotify;
    private final boolean noPut;
    private final boolean noDelete;
    private final WatchStream stream;
    private List<Event> buffer;
    private long nextRevision;
    private volatile boolean recentlyActive;

    ServerWatch(long id, WatchCreateRequest req, WatchStream stream) {
        this.id = id;
        this.range = KeyRange.of(req.getKey(), req.getRangeEnd());
        this.prevKv = req.getPrevKv();
        this.progressNotify = req.getProgressNotify();
        this.noPut = req.getFiltersList().contains(WatchCreateRequest.FilterType.NOPUT);
        this.noDelete = req.getFiltersList().contains(WatchCreateRequest.FilterType.NODELETE);
        this.stream = stream;
    }

    /** Called under the hub lock at registration. */
    void startLive(long fromRevision) {
        nextRevision = fromRevision;
    }

    /** Called under the hub lock at registration: buffer live events until the replay is done. */
    void startReplay(long fromRevision) {
        nextRevision = fromRevision;
        buffer = new ArrayList<>();
    }

    /** Called under the hub lock. */
    void offer(List<Event> events, long revision) {
        List<Event> mine = select(events);
        if (buffer != null) {
            buffer.addAll(mine);
        } else if (!mine.isEmpty()) {
            recentlyActive = true;
            stream.sendEvents(id, mine, revision);
        }
    }

    /** Called under the hub lock once the replay sent everything up to the registration revision. */
    void goLive(long revision) {
        List<Event> pending = buffer;
        buffer = null;
        if (!pending.isEmpty()) {
            stream.sendEvents(id, pending, revision);
        }
    }

    boolean isLive() {
        return buffer == null;
    }

    /** True if events went out since the last call: progress notifications are only for idle watchers. */
    boolean takeActivity() {
        boolean was = recentlyActive;
        recentlyActive = false;
        return was;
    }

    List<Event> select(List<Event> events) {
        List<Event> mine = new ArrayList<>();
        for (Event e : events) {
            if (e.getKv().getModRevision() < nextRevision || !range.contains(e.getKv().getKey())) {
                continue;
            }
            boolean isPut = e.getType() == Event.EventType.PUT;
            if ((isPut && noPut) || (!isPut && noDelete)) {
                continue;
            }
            mine.add(prevKv || !e.hasPrevKv() ? e : e.toBuilder().clearPrevKv().build());
        }
        return mine;
    }
}
