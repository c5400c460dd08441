package dev.skiff.agent.runtime.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The fields of {@code /proc/<pid>/stat} the runtime needs. The start time (clock ticks since boot)
 * tells a process from a later one that reused its pid.
 */
record ProcStat(long pid, char state, long pgid, long startTicks) {

    static Optional<ProcStat> read(long pid) {
        try {
            return Optional.of(parse(pid, Files.readString(Path.of("/proc", Long.toString(pid), "stat"))));
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }

    static ProcStat parse(long pid, String line) {
        // the command name (field 2) may hold spaces and parentheses: fields resume after the last ')'
        String[] f = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
        return new ProcStat(pid, f[0].charAt(0), Long.parseLong(f[2]), Long.parseLong(f[19]));
    }

    /** Whether this is still the process we started (same pid and start time), and not a zombie. */
    static boolean alive(long pid, long startTicks) {
        return read(pid).filter(s -> s.startTicks == startTicks && s.state != 'Z' && s.state != 'X').isPresent();
    }
}
