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

    /**
     * Notes the CPU time the process has used so far, and the share of each live thread (the compiler's and
     * the GC's too; threads that ended count in the total only), from /proc: on two cores the prompt
     * competes with all of them, so the total is the figure to cut.
     */
    public static void cpu(String when) {
        if (!ON) return;
        var perThread = new java.util.TreeMap<String, Long>();
        long total;
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            total = cpuMs(java.nio.file.Path.of("/proc/self/stat"));
            for (var task : (Iterable<java.nio.file.Path>) tasks::iterator) {
                try {
                    String stat = java.nio.file.Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+$", "#");
                    perThread.merge(name, cpuMs(task.resolve("stat")), Long::sum);
                } catch (java.io.IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return; // not Linux: the marks alone
        }
        StringBuilder line = new StringBuilder("CPU by " + when + ": " + total + " ms (");
        perThread.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> line.append(e.getKey()).append(' ').append(e.getValue()).append(", "));
        synchronized (MARKS) {
            MARKS.add(line.substring(0, line.length() - 2) + ")");
        }
    }

    /** utime + stime of a /proc stat file, in ms (the kernel counts 100 ticks a second on every Linux Skiff runs on). */
    private static long cpuMs(java.nio.file.Path stat) throws java.io.IOException {
        String s = java.nio.file.Files.readString(stat);
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
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
