package dev.skiff.agent.http;

import dev.skiff.agent.runtime.ContainerHandle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Live CPU and memory of this machine and of containers, as {@code GET /stats} answers them: CPU
 * is a rate, so the API reads the cumulative counters twice, a window apart. A container's figures
 * come from its cgroup (v2: cpu.stat, memory.current) when it has one, else from every process of
 * its process group in /proc (utime+stime, RSS). Docker containers are not measured here (null).
 */
public final class UsageStats {
    /** USER_HZ: the unit of /proc's CPU times; 100 on every Linux the JVM runs on (x86, arm64). */
    static final long TICKS_PER_SECOND = 100;
    private static final long PAGE = 4096;

    private UsageStats() {}

    /** The answer of {@code GET /stats}. */
    public record Stats(NodeUsage node, List<PodUsage> pods) {}

    /** The machine: cores, CPU in use (millicores) and memory in use (total minus available), bytes. */
    public record NodeUsage(int cores, long cpuMillicores, long memoryBytes, long memoryTotalBytes) {}

    public record PodUsage(String namespace, String name, List<ContainerUsage> containers) {}

    /** Null figures: not measured (a docker container, or it exited meanwhile). */
    public record ContainerUsage(String name, Long cpuMillicores, Long memoryBytes) {}

    /** Cumulative counters at one instant: CPU nanoseconds used, and memory now. */
    record Sample(long cpuNanos, long memoryBytes) {}

    /** The machine's counters: busy and total jiffies over all cores. */
    record MachineSample(long busyTicks, long totalTicks) {}

    static long millicores(long cpuNanosBefore, long cpuNanosAfter, long windowNanos) {
        return windowNanos <= 0 ? 0 : Math.max(0, (cpuNanosAfter - cpuNanosBefore) * 1000 / windowNanos);
    }

    static long millicores(MachineSample before, MachineSample after, int cores) {
        long total = after.totalTicks() - before.totalTicks();
        return total <= 0 ? 0 : (after.busyTicks() - before.busyTicks()) * 1000L * cores / total;
    }

    /**
     * The container's counters from its cgroups (v2, or v1's cpuacct and memory hierarchies) —
     * any runtime that reports them — else, for the process runtime, from its process group;
     * empty when it cannot be measured (gone, or no cgroups and not a process).
     */
    static Optional<Sample> sample(ContainerHandle handle, List<Path> cgroups) {
        for (var dir : cgroups) {
            var fromGroup = cgroupV2(dir);
            if (fromGroup.isPresent()) return fromGroup;
        }
        var fromV1 = cgroupV1(cgroups);
        if (fromV1.isPresent()) return fromV1;
        if (!"process".equals(handle.runtime())) return Optional.empty();
        var pid = handle.get("pid");
        return pid == null ? Optional.empty() : processGroup(Long.parseLong(pid));
    }

    /** cpuacct.usage (ns) and memory.usage_in_bytes, each from the hierarchy that has it. */
    private static Optional<Sample> cgroupV1(List<Path> cgroups) {
        Long cpu = null, memory = null;
        for (var dir : cgroups) {
            try {
                if (cpu == null && Files.exists(dir.resolve("cpuacct.usage"))) {
                    cpu = Long.parseLong(Files.readString(dir.resolve("cpuacct.usage")).trim());
                }
                if (memory == null && Files.exists(dir.resolve("memory.usage_in_bytes"))) {
                    memory = Long.parseLong(Files.readString(dir.resolve("memory.usage_in_bytes")).trim());
                }
            } catch (IOException | RuntimeException unreadable) {
                // the container is going away: measured as absent
            }
        }
        return cpu == null || memory == null ? Optional.empty() : Optional.of(new Sample(cpu, memory));
    }

    private static Optional<Sample> cgroupV2(Path dir) {
        try {
            long usageMicros = -1;
            for (var line : Files.readAllLines(dir.resolve("cpu.stat"))) {
                if (line.startsWith("usage_usec ")) usageMicros = Long.parseLong(line.substring(11).trim());
            }
            long memory = Long.parseLong(Files.readString(dir.resolve("memory.current")).trim());
            return usageMicros < 0 ? Optional.empty() : Optional.of(new Sample(usageMicros * 1000, memory));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Sums utime+stime and RSS of every process whose process group is {@code pgid}. */
    static Optional<Sample> processGroup(long pgid) {
        long ticks = 0, rssPages = 0;
        boolean any = false;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (var dir : (Iterable<Path>) procs::iterator) {
                var name = dir.getFileName().toString();
                if (name.isEmpty() || !Character.isDigit(name.charAt(0))) continue;
                String[] f;
                try {
                    var line = Files.readString(dir.resolve("stat"));
                    f = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
                } catch (IOException | RuntimeException gone) {
                    continue;
                }
                // after the command name, f[0] is field 3 (state): pgrp is field 5, utime 14, stime 15, rss 24
                if (Long.parseLong(f[2]) != pgid) continue;
                any = true;
                ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                rssPages += Long.parseLong(f[21]);
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return any ? Optional.of(new Sample(ticks * 1_000_000_000L / TICKS_PER_SECOND, rssPages * PAGE)) : Optional.empty();
    }

    static MachineSample machine() {
        try {
            var cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < cpu.length && i <= 8; i++) total += Long.parseLong(cpu[i]); // up to steal; guest is in user
            long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]); // idle + iowait
            return new MachineSample(total - idle, total);
        } catch (IOException | RuntimeException e) {
            return new MachineSample(0, 0);
        }
    }

    /** Memory in use (MemTotal - MemAvailable) and MemTotal, bytes. */
    static long[] memory() {
        long total = 0, available = 0;
        try {
            for (var line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) total = kib(line);
                else if (line.startsWith("MemAvailable:")) available = kib(line);
            }
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
        return new long[] {total - available, total};
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
    }
}
