package dev.skiff.store.embedded;

import com.google.protobuf.ByteString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kine-style log in SQLite: every write is an INSERT, a key's current value is its newest row,
 * deletes are rows with deleted=1. Unlike kine, a separate {@code revision} column lets a Txn
 * write several keys at one revision, as etcd does. Reads use a pool of WAL-mode connections; the
 * single writer connection belongs to {@link Writer}.
 */
final class SqliteLog implements AutoCloseable {
    private static final String COLUMNS =
            "name, revision, created, deleted, create_revision, prev_revision, version, lease, value";
    private static final String[] SCHEMA = {
        "CREATE TABLE IF NOT EXISTS kine (id INTEGER PRIMARY KEY, name BLOB NOT NULL, revision INTEGER NOT NULL,"
                + " created INTEGER NOT NULL, deleted INTEGER NOT NULL, create_revision INTEGER NOT NULL,"
                + " prev_revision INTEGER NOT NULL, version INTEGER NOT NULL, lease INTEGER NOT NULL, value BLOB)",
        // guards compare-and-swap as in kine: two writers can never both supersede the same row
        "CREATE UNIQUE INDEX IF NOT EXISTS kine_name_prev ON kine (name, prev_revision)",
        "CREATE UNIQUE INDEX IF NOT EXISTS kine_name_revision ON kine (name, revision)",
        "CREATE INDEX IF NOT EXISTS kine_revision ON kine (revision)",
        "CREATE INDEX IF NOT EXISTS kine_lease ON kine (lease) WHERE lease != 0",
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS lease (id INTEGER PRIMARY KEY, ttl INTEGER NOT NULL)",
    };

    private final Path file;
    private final Connection writer;
    private final BlockingQueue<Connection> readers;

    private SqliteLog(Path file, Connection writer, BlockingQueue<Connection> readers) {
        this.file = file;
        this.writer = writer;
        this.readers = readers;
    }

    static SqliteLog open(Path dataDir, int readerCount) {
        try {
            Files.createDirectories(dataDir);
            Path file = dataDir.resolve("state.db");
            Connection writer = connect(file);
            try (Statement st = writer.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                for (String ddl : SCHEMA) {
                    st.execute(ddl);
                }
            }
            writer.setAutoCommit(false);
            BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(readerCount);
            for (int i = 0; i < readerCount; i++) {
                Connection reader = connect(file);
                try (Statement st = reader.createStatement()) {
                    st.execute("PRAGMA query_only=1");
                }
                readers.add(reader);
            }
            return new SqliteLog(file, writer, readers);
        } catch (SQLException | java.io.IOException e) {
            throw new StoreFailure("cannot open the store in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private static Connection connect(Path file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement st = c.createStatement()) {
            // FULL in WAL mode syncs the WAL at every commit: an acknowledged write survives a power cut
            st.execute("PRAGMA synchronous=FULL");
            st.execute("PRAGMA busy_timeout=10000");
            st.execute("PRAGMA journal_size_limit=67108864");
        }
        return c;
    }

    Path file() {
        return file;
    }

    Connection writerConnection() {
        return writer;
    }

    interface SqlFunction<T> {
        T apply(Connection c) throws SQLException;
    }

    /** Runs a read on a pooled connection, in a transaction so multi-statement reads see one snapshot. */
    <T> T read(SqlFunction<T> work) {
        Connection c;
        try {
            c = readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EtcdError.unavailable("interrupted");
        }
        try {
            c.setAutoCommit(false);
            try {
                return work.apply(c);
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreFailure("read failed: " + e.getMessage(), e);
        } finally {
            readers.add(c);
        }
    }

    /**
     * Prepared statements cached per connection: compiling SQL on every put costs more than the
     * insert. Each connection is used by one thread at a time (the writer, or a borrowed reader).
     */
    private static final Map<Connection, Map<String, PreparedStatement>> STATEMENTS = new ConcurrentHashMap<>();

    private static PreparedStatement statement(Connection c, String sql) throws SQLException {
        Map<String, PreparedStatement> cache = STATEMENTS.computeIfAbsent(c, k -> new HashMap<>());
        PreparedStatement ps = cache.get(sql);
        if (ps == null) {
            ps = c.prepareStatement(sql);
            cache.put(sql, ps);
        }
        return ps;
    }

    static <T> T sql(SqlFunction<T> work, Connection c) {
        try {
            return work.apply(c);
        } catch (SQLException e) {
            throw new StoreFailure("store query failed: " + e.getMessage(), e);
        }
    }

    // ---- key-value rows

    /** The newest row of a key, deleted or not; null when the key has no row at all. */
    static Row newest(Connection c, ByteString name) {
        return sql(conn -> {
            PreparedStatement ps = statement(conn,
                "SELECT " + COLUMNS + " FROM kine WHERE name = ? ORDER BY revision DESC LIMIT 1");
            ps.setBytes(1, name.toByteArray());
            return first(ps);
        }, c);
    }

    static Row at(Connection c, ByteString name, long revision) {
        return sql(conn -> {
            PreparedStatement ps = statement(conn,
                "SELECT " + COLUMNS + " FROM kine WHERE name = ? AND revision = ?");
            ps.setBytes(1, name.toByteArray());
            ps.setLong(2, revision);
            return first(ps);
        }, c);
    }

    /** Live keys of a range as of {@code revision}, in key order; {@code limit} 0 means all. */
    static List<Row> liveAt(Connection c, KeyRange range, long revision, long limit, boolean keysOnly) {
        return liveAt(c, range, revision, limit, keysOnly, List.of());
    }

    /** The live keys of the range at the revision whose values contain each of {@code contains}, in key order. */
    static List<Row> liveAt(Connection c, KeyRange range, long revision, long limit, boolean keysOnly, List<byte[]> contains) {
        String select = keysOnly ? COLUMNS.replace("value", "NULL AS value") : COLUMNS;
        String sql = "SELECT " + select.replace("name,", "k.name,") + " FROM kine k JOIN (SELECT name AS n,"
                + " MAX(revision) AS r FROM kine WHERE " + range.sql() + " AND revision <= ? GROUP BY name) m"
                + " ON k.name = m.n AND k.revision = m.r WHERE k.deleted = 0" + containing(contains) + " ORDER BY k.name"
                + (limit > 0 ? " LIMIT " + limit : "");
        return sql(conn -> {
            PreparedStatement ps = statement(conn, sql);
            bindContaining(ps, bindRevision(ps, range, revision), contains);
            return all(ps);
        }, c);
    }

    /** {@code instr} on two BLOBs compares bytes: a value holds each string as the UTF-8 the client sent. */
    private static String containing(List<byte[]> contains) {
        return " AND instr(k.value, ?) > 0".repeat(contains.size());
    }

    /** Binds the range's parameters and the revision from index 1; returns the next free index. */
    private static int bindRevision(PreparedStatement ps, KeyRange range, long revision) throws SQLException {
        int i = range.bind(ps, 1);
        ps.setLong(i, revision);
        return i + 1;
    }

    private static void bindContaining(PreparedStatement ps, int from, List<byte[]> contains) throws SQLException {
        for (int j = 0; j < contains.size(); j++) ps.setBytes(from + j, contains.get(j));
    }

    static long countLiveAt(Connection c, KeyRange range, long revision, List<byte[]> contains) {
        String sql = "SELECT COUNT(*) FROM kine k JOIN (SELECT name AS n, MAX(revision) AS r FROM kine WHERE "
                + range.sql() + " AND revision <= ? GROUP BY name) m ON k.name = m.n AND k.revision = m.r"
                + " WHERE k.deleted = 0" + containing(contains);
        return sql(conn -> {
            PreparedStatement ps = statement(conn, sql);
            bindContaining(ps, bindRevision(ps, range, revision), contains);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }, c);
    }

    /** Every row written in revisions [from, to], in write order: the history a watch replays. */
    static List<Row> history(Connection c, long from, long to) {
        return sql(conn -> {
            PreparedStatement ps = statement(conn, "SELECT " + COLUMNS
                + " FROM kine WHERE revision >= ? AND revision <= ? ORDER BY id");
            ps.setLong(1, from);
            ps.setLong(2, to);
            return all(ps);
        }, c);
    }

    static void insert(Connection c, Row row) {
        sql(conn -> {
            PreparedStatement ps = statement(conn,
                "INSERT INTO kine (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
            ps.setBytes(1, row.name().toByteArray());
            ps.setLong(2, row.revision());
            ps.setInt(3, row.created() ? 1 : 0);
            ps.setInt(4, row.deleted() ? 1 : 0);
            ps.setLong(5, row.createRevision());
            ps.setLong(6, row.prevRevision());
            ps.setLong(7, row.version());
            ps.setLong(8, row.lease());
            ps.setBytes(9, row.value() == null ? null : row.value().toByteArray());
            return ps.executeUpdate();
        }, c);
    }

    /** Keys whose current row is attached to a lease (the partial index keeps this cheap). */
    static List<Row> liveWithLease(Connection c, long lease) {
        return sql(conn -> {
            PreparedStatement ps = statement(conn, "SELECT " + COLUMNS + " FROM kine k"
                + " WHERE lease = ? AND lease != 0 AND deleted = 0 AND NOT EXISTS"
                + " (SELECT 1 FROM kine n WHERE n.name = k.name AND n.revision > k.revision) ORDER BY name");
            ps.setLong(1, lease);
            return all(ps);
        }, c);
    }

    static long maxRevision(Connection c) {
        return sql(conn -> {
            try (Statement st = conn.createStatement();
                    ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(revision), 0) FROM kine")) {
                rs.next();
                return rs.getLong(1);
            }
        }, c);
    }

    // ---- compaction

    /**
     * Physically removes what compaction at {@code upTo} made unreachable, for superseding rows in
     * (from, upTo]: rows replaced by a newer row at or before upTo, and tombstones. The newest row of
     * the whole log is always kept, so MAX(revision) is the current revision even after a restart.
     */
    static int compact(Connection c, long from, long upTo) {
        return sql(conn -> {
            PreparedStatement superseded = statement(conn, "DELETE FROM kine WHERE id IN (SELECT p.id FROM kine n"
                + " JOIN kine p ON p.name = n.name AND p.revision = n.prev_revision"
                + " WHERE n.revision > ? AND n.revision <= ? AND n.prev_revision > 0)");
            superseded.setLong(1, from);
            superseded.setLong(2, upTo);
            int removed = superseded.executeUpdate();
            PreparedStatement tombstones = statement(conn, "DELETE FROM kine WHERE deleted = 1 AND revision > ?"
                + " AND revision <= ? AND revision < (SELECT MAX(revision) FROM kine)");
            tombstones.setLong(1, from);
            tombstones.setLong(2, upTo);
            removed += tombstones.executeUpdate();
            return removed;
        }, c);
    }

    static void checkpoint(Connection c) {
        sql(conn -> {
            try (Statement st = conn.createStatement()) {
                st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            return null;
        }, c);
    }

    static long rowCount(Connection c) {
        return sql(conn -> {
            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM kine")) {
                rs.next();
                return rs.getLong(1);
            }
        }, c);
    }

    // ---- meta and leases

    static Long meta(Connection c, String key) {
        return sql(conn -> {
            PreparedStatement ps = statement(conn, "SELECT value FROM meta WHERE key = ?");
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }, c);
    }

    static void setMeta(Connection c, String key, long value) {
        sql(conn -> {
            PreparedStatement ps = statement(conn, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
            ps.setString(1, key);
            ps.setLong(2, value);
            return ps.executeUpdate();
        }, c);
    }

    static Map<Long, Long> leases(Connection c) {
        return sql(conn -> {
            Map<Long, Long> result = new HashMap<>();
            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT id, ttl FROM lease")) {
                while (rs.next()) {
                    result.put(rs.getLong(1), rs.getLong(2));
                }
            }
            return result;
        }, c);
    }

    static void insertLease(Connection c, long id, long ttl) {
        sql(conn -> {
            PreparedStatement ps = statement(conn, "INSERT INTO lease (id, ttl) VALUES (?, ?)");
            ps.setLong(1, id);
            ps.setLong(2, ttl);
            return ps.executeUpdate();
        }, c);
    }

    static void deleteLease(Connection c, long id) {
        sql(conn -> {
            PreparedStatement ps = statement(conn, "DELETE FROM lease WHERE id = ?");
            ps.setLong(1, id);
            return ps.executeUpdate();
        }, c);
    }

    // ---- row mapping

    private static Row first(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? row(rs) : null;
        }
    }

    private static List<Row> all(PreparedStatement ps) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(row(rs));
            }
        }
        return rows;
    }

    private static Row row(ResultSet rs) throws SQLException {
        byte[] value = rs.getBytes(9);
        return new Row(
                ByteString.copyFrom(rs.getBytes(1)),
                rs.getLong(2),
                rs.getInt(3) == 1,
                rs.getInt(4) == 1,
                rs.getLong(5),
                rs.getLong(6),
                rs.getLong(7),
                rs.getLong(8),
                value == null ? ByteString.EMPTY : ByteString.copyFrom(value));
    }

    @Override
    public void close() {
        List<Connection> all = new ArrayList<>();
        readers.drainTo(all);
        all.add(writer);
        for (Connection c : all) {
            STATEMENTS.remove(c);
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing on shutdown: nothing left to protect
            }
        }
    }
}
