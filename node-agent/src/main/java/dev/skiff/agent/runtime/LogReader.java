package dev.skiff.agent.runtime;

import java.util.List;

/** The logs of one container (current run; the agent keeps the previous run's handle for "previous"). */
public interface LogReader {

    /** The lines written so far that match the options, oldest first. */
    List<LogLine> read(LogOptions options);

    /**
     * Hands the matching lines written so far to {@code sink}, then every new line as it is
     * written; returns when the container has exited and its last line was delivered, when the
     * sink returns false, or when the calling thread is interrupted. Run it on a virtual thread.
     */
    void follow(LogOptions options, LogSink sink);

    @FunctionalInterface
    interface LogSink {
        /** Returns false to stop following. */
        boolean accept(LogLine line);
    }
}
