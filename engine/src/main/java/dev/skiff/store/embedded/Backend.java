package dev.skiff.store.embedded;

import io.etcd.jetcd.api.Event;
import java.sql.Connection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The store's state shared by the gRPC services: the log, the writer, leases, the watch hub and
 * the compaction mark. Everything that writes goes through {@link #writer()}.
 */
final class Backend implements AutoCloseable {
    private static final int READERS = 4;

    private final EmbeddedServerConfig config;
    private final SqliteLog log;
    private final Identity identity;
    private final Leases leases;
    private final WatchHub hub;
    private final Writer writer;
    private final Mutations mutations;
    private final Set<WatchStream> watchStreams = ConcurrentHashMap.newKeySet();
    private volatile long compactRevision;

    Backend(EmbeddedServerConfig config) {
        this.config = config;
        this.log = SqliteLog.open(config.dataDir(), READERS);
        Connection c = log.writerConnection();
        this.identity = new Identity(metaOrCreate(c, "cluster_id"), metaOrCreate(c, "member_id"), config.name());
        Long compacted = SqliteLog.meta(c, "compact_revision");
        this.compactRevision = compacted == null ? 0 : compacted;
        // etcd starts at revision 1: an empty store reports 1 and the first write gets 2
        long revision = Math.max(1, SqliteLog.maxRevision(c));
        this.leases = new Leases(config.clock());
        leases.restore(SqliteLog.leases(c));
        commit(c);
        this.hub = new WatchHub(revision);
        this.writer = new Writer(c, revision, this::publish);
        this.mutations = new Mutations(leases, () -> compactRevision);
    }

    private static long metaOrCreate(Connection c, String key) {
        Long value = SqliteLog.meta(c, key);
        if (value == null) {
            value = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
            SqliteLog.setMeta(c, key, value);
        }
        return value;
    }

    private static void commit(Connection c) {
        SqliteLog.sql(conn -> {
            conn.commit();
            return null;
        }, c);
    }

    private void publish(List<Event> events) {
        hub.publish(events);
    }

    EmbeddedServerConfig config() {
        return config;
    }

    SqliteLog log() {
        return log;
    }

    Identity identity() {
        return identity;
    }

    Leases leases() {
        return leases;
    }

    WatchHub hub() {
        return hub;
    }

    Writer writer() {
        return writer;
    }

    Mutations mutations() {
        return mutations;
    }

    Set<WatchStream> watchStreams() {
        return watchStreams;
    }

    long compactRevision() {
        return compactRevision;
    }

    /** The newest revision a reader may see: everything up to it is committed and published. */
    long revision() {
        return writer.committedRevision();
    }

    /** Runs inside the writer: moves the compaction mark; rows are removed later in batches. */
    void markCompacted(WriteContext ctx, long revision) {
        if (revision <= compactRevision) {
            throw EtcdError.compacted();
        }
        if (revision > ctx.revision()) {
            throw EtcdError.futureRevision();
        }
        SqliteLog.setMeta(ctx.connection(), "compact_revision", revision);
        compactRevision = revision;
    }

    @Override
    public void close() {
        writer.close();
        log.close();
    }
}
