package dev.skiff.shell;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the way to the first prompt spends its time, for {@code SKIFF_DEBUG_STARTUP=1}: each mark is
 * the milliseconds since the JVM started and the thread that
 * reached it; printed to stderr once the prompt is drawn. Off, a mark costs one boolean test.
 */
public final class StartupTrace {
    private StartupTrace() {}

    private static final boolean ON = System.getenv("SKIFF_DEBUG_STARTUP") != null;
    private static final List<String> MARKS = new ArrayList<>();
    /** nanoTime at the JVM's start: now, less the JVM's uptime. */
    private static final long ORIGIN = ON ? System.nanoTime() - java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000 : 0;
    /** How long the process ran before the JVM started: the launcher script (./skiff execs java in its own process). */
    private static final long LAUNCHER_MS = ON ? launcherMs() : 0;

    private static long launcherMs() {
        long processMs = ProcessHandle.current().info().startInstant()
                .map(s -> Instant.now().toEpochMilli() - s.toEpochMilli()).orElse(0L);
        return processMs - java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
    }

    public static boolean on() {
        return ON;
    }

    /** Notes that {@code what} happened now. */
    public static void mark(String what) {
        if (!ON) return;
        long ms = (System.nanoTime() - ORIGIN) / 1_000_000;
        synchronized (MARKS) {
            MARKS.add(String.format("%6d ms  %-28s [%s]", ms, what, Thread.currentThread().getName()));
        }
    }

    /** Prints the marks so far (on stderr: the screen the prompt draws on is stdout). */
    public static void report(PrintStream to) {
        if (!ON) return;
        synchronized (MARKS) {
            to.println("startup (ms since the JVM started; the launcher ran ~" + LAUNCHER_MS + " ms before it):");
            MARKS.forEach(m -> to.println("  " + m));
            MARKS.clear();
        }
        to.flush();
    }
}
