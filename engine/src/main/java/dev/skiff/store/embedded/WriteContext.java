package dev.skiff.store.embedded;

import com.google.protobuf.ByteString;
import io.etcd.jetcd.api.Event;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one write operation sees inside the writer's transaction: the connection (its reads see the
 * batch's uncommitted rows), the revision it may write at, and the events it produced.
 */
final class WriteContext {
    private final Connection connection;
    private final long baseRevision;
    private final List<Event> events = new ArrayList<>();
    /**
     * Each key's newest row as this operation last read or wrote it: a Txn of compare-and-swaps
     * compares a key and then puts it, and the put needs the row the compare just read. Every
     * insert of this operation passes through {@link #insert}, so an entry is never stale.
     */
    private final Map<ByteString, Optional<Row>> newest = new HashMap<>();
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

    /** The key's newest row, deleted or not; null when it has none. */
    Row newest(ByteString key) {
        Optional<Row> known = newest.get(key);
        if (known == null) {
            known = Optional.ofNullable(SqliteLog.newest(connection, key));
            newest.put(key, known);
        }
        return known.orElse(null);
    }

    void insert(Row row) {
        SqliteLog.insert(connection, row);
        newest.put(row.name(), Optional.of(row));
    }

    void emit(Event event) {
        events.add(event);
    }

    List<Event> events() {
        return events;
    }
}
