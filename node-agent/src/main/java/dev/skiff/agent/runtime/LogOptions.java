package dev.skiff.agent.runtime;

import java.time.Instant;

/** Which lines to read: the last {@code tailLines} (null = all) of those written at or after {@code since} (null = all). */
public record LogOptions(Integer tailLines, Instant since) {
    public static final LogOptions ALL = new LogOptions(null, null);

    public static LogOptions tail(int lines) {
        return new LogOptions(lines, null);
    }

    public static LogOptions since(Instant since) {
        return new LogOptions(null, since);
    }
}
