package dev.skiff.store.embedded;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run the embedded store.
 *
 * @param dataDir where {@code state.db} (SQLite, WAL mode) lives
 * @param listenHost address to bind, e.g. 127.0.0.1 or 0.0.0.0
 * @param port TCP port; 0 picks a free one (see {@link EmbeddedServer#endpoint()})
 * @param keepRevisions automatic compaction keeps at least this many newest revisions
 * @param keepAge ... and at least every revision written within this age (whichever keeps more)
 * @param compactionInterval how often automatic compaction looks at the window; zero disables it
 * @param maxRequestBytes largest request accepted, 1.5 MiB like etcd
 * @param maxWatchResponseBytes watch responses are split above this size
 * @param progressNotifyInterval how often idle watchers that asked for it get a progress notification
 * @param leaseCheckInterval how often lease deadlines are checked against the clock
 * @param clock drives lease expiry and the compaction window
 * @param name the member name reported by MemberList
 */
public record EmbeddedServerConfig(
        Path dataDir,
        String listenHost,
        int port,
        long keepRevisions,
        Duration keepAge,
        Duration compactionInterval,
        int maxRequestBytes,
        int maxWatchResponseBytes,
        Duration progressNotifyInterval,
        Duration leaseCheckInterval,
        Clock clock,
        String name) {

    public static final int DEFAULT_MAX_REQUEST_BYTES = 3 * 512 * 1024;

    public EmbeddedServerConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(listenHost, "listenHost");
        Objects.requireNonNull(clock, "clock");
    }

    /** The defaults: 10,000 revisions or 1 hour of history, checked every 5 minutes. */
    public EmbeddedServerConfig(Path dataDir, String listenHost, int port) {
        this(dataDir, listenHost, port, 10_000, Duration.ofHours(1), Duration.ofMinutes(5),
                DEFAULT_MAX_REQUEST_BYTES, 1024 * 1024, Duration.ofMinutes(10), Duration.ofMillis(200),
                Clock.systemUTC(), "skiff");
    }

    public EmbeddedServerConfig withCompaction(long keepRevisions, Duration keepAge, Duration interval) {
        return new EmbeddedServerConfig(dataDir, listenHost, port, keepRevisions, keepAge, interval,
                maxRequestBytes, maxWatchResponseBytes, progressNotifyInterval, leaseCheckInterval, clock, name);
    }

    public EmbeddedServerConfig withClock(Clock clock) {
        return new EmbeddedServerConfig(dataDir, listenHost, port, keepRevisions, keepAge, compactionInterval,
                maxRequestBytes, maxWatchResponseBytes, progressNotifyInterval, leaseCheckInterval, clock, name);
    }

    public EmbeddedServerConfig withProgressNotifyInterval(Duration interval) {
        return new EmbeddedServerConfig(dataDir, listenHost, port, keepRevisions, keepAge, compactionInterval,
                maxRequestBytes, maxWatchResponseBytes, interval, leaseCheckInterval, clock, name);
    }

    public EmbeddedServerConfig withMaxWatchResponseBytes(int bytes) {
        return new EmbeddedServerConfig(dataDir, listenHost, port, keepRevisions, keepAge, compactionInterval,
                maxRequestBytes, bytes, progressNotifyInterval, leaseCheckInterval, clock, name);
    }
}
