package dev.skiff.store.embedded;

import io.etcd.jetcd.api.Event;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * What one write operation sees inside the writer's transaction: the connection (its reads see the
 * batch's uncommitted rows), the revision it may write at, and the events it produced.
 */
final class WriteContext {
    private final Connection connection;
    private final long baseRevision;
    private final List<Event> events = new ArrayList<>();
    private boolean wrote;

    WriteContext(Connection connection, long baseRevision) {
        this.connection = connection;
        this.baseRevision = baseRevision;
    }

    Connection connection() {
        return connection;
    }

    /** The revision reads in this operation see: the write revision once something was written. */
    long revision() {
        return wrote ? baseRevision + 1 : baseRevision;
    }

    /** Every write of one operation (a whole Txn included) shares one new revision, as in etcd. */
    long writeRevision() {
        wrote = true;
        return baseRevision + 1;
    }

    void emit(Event event) {
        events.add(event);
    }

    List<Event> events() {
        return events;
    }
}
