package dev.skiff.agent.runtime.process;

import dev.skiff.agent.runtime.Limits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the process runtime puts a container's processes to enforce its limits: cgroup v1 (a
 * child group in the {@code memory} and {@code cpu} hierarchies, under the agent's own group), v2
 * (a group under {@code /sys/fs/cgroup/skiff}), or nowhere, with the reason limits are not enforced.
 */
sealed interface Cgroups {
    Path ROOT = Path.of("/sys/fs/cgroup");
    long CPU_PERIOD_US = 100_000;

    /** Creates the container's groups with its limits; the wrapper joins them by writing its pid into each. */
    List<Path> create(String id, Limits limits) throws IOException;

    /** Why limits are not enforced, or empty when they are. */
    default Optional<String> notEnforced() {
        return Optional.empty();
    }

    /** Whether the kernel's OOM killer killed a process of these groups. */
    static boolean oomKilled(List<Path> dirs) {
        for (var dir : dirs) {
            if (counter(dir.resolve("memory.oom_control"), "oom_kill") > 0) return true;
            if (counter(dir.resolve("memory.events"), "oom_kill") > 0) return true;
        }
        return false;
    }

    /**
     * Removes the groups once the container has exited; a just-killed process still counts until
     * it is reaped, so this retries for a moment. Returns whether all are gone.
     */
    static boolean remove(List<Path> dirs) {
        for (int attempt = 0; attempt < 40; attempt++) {
            boolean all = true;
            for (var dir : dirs) {
                try {
                    Files.deleteIfExists(dir); // rmdir: cgroupfs directories are removed empty-handed
                } catch (IOException busy) {
                    all = false;
                }
            }
            if (all) return true;
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static long counter(Path file, String name) {
        try {
            for (String line : Files.readAllLines(file)) {
                var kv = line.trim().split("\\s+");
                if (kv.length == 2 && kv[0].equals(name)) return Long.parseLong(kv[1]);
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    static Cgroups detect(boolean wanted) {
        if (!wanted) return new None("disabled by configuration");
        if (!"root".equals(System.getProperty("user.name"))) return new None("the agent does not run as root");
        try {
            if (Files.exists(ROOT.resolve("cgroup.controllers"))) return V2.open();
            if (Files.exists(ROOT.resolve("memory/memory.limit_in_bytes"))) return V1.open();
            return new None("no cgroup v1 memory hierarchy or cgroup v2 mount under " + ROOT);
        } catch (IOException | RuntimeException e) {
            return new None("cannot create cgroups: " + e.getMessage());
        }
    }

    record None(String reason) implements Cgroups {
        @Override
        public List<Path> create(String id, Limits limits) {
            return List.of();
        }

        @Override
        public Optional<String> notEnforced() {
            return Optional.of(reason);
        }
    }

    record V1(Path memoryBase, Path cpuBase) implements Cgroups {
        static V1 open() throws IOException {
            var memory = Files.createDirectories(ROOT.resolve("memory").resolve(ownPath("memory")).resolve("skiff"));
            Path cpu = null;
            if (Files.exists(ROOT.resolve("cpu/cpu.cfs_quota_us"))) {
                cpu = Files.createDirectories(ROOT.resolve("cpu").resolve(ownPath("cpu")).resolve("skiff"));
            }
            return new V1(memory, cpu);
        }

        @Override
        public List<Path> create(String id, Limits limits) throws IOException {
            var dirs = new ArrayList<Path>();
            // always a memory group, so an OOM kill can be told from any other SIGKILL
            var mem = Files.createDirectories(memoryBase.resolve(id));
            if (limits.memoryBytes() != null) Files.writeString(mem.resolve("memory.limit_in_bytes"), limits.memoryBytes().toString());
            dirs.add(mem);
            if (limits.cpuMillis() != null && cpuBase != null) {
                var cpu = Files.createDirectories(cpuBase.resolve(id));
                Files.writeString(cpu.resolve("cpu.cfs_period_us"), Long.toString(CPU_PERIOD_US));
                Files.writeString(cpu.resolve("cpu.cfs_quota_us"), Long.toString(quotaUs(limits.cpuMillis())));
                dirs.add(cpu);
            }
            return dirs;
        }

        /** The agent's own group in a v1 hierarchy, from /proc/self/cgroup ("4:memory:/a/b"). */
        private static String ownPath(String controller) throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
                var parts = line.split(":", 3);
                if (parts.length == 3 && List.of(parts[1].split(",")).contains(controller)) {
                    return parts[2].replaceFirst("^/", "");
                }
            }
            return "";
        }
    }

    record V2(Path base) implements Cgroups {
        static V2 open() throws IOException {
            Files.writeString(ROOT.resolve("cgroup.subtree_control"), "+memory +cpu");
            var base = Files.createDirectories(ROOT.resolve("skiff"));
            Files.writeString(base.resolve("cgroup.subtree_control"), "+memory +cpu");
            return new V2(base);
        }

        @Override
        public List<Path> create(String id, Limits limits) throws IOException {
            var dir = Files.createDirectories(base.resolve(id));
            if (limits.memoryBytes() != null) Files.writeString(dir.resolve("memory.max"), limits.memoryBytes().toString());
            if (limits.cpuMillis() != null) {
                Files.writeString(dir.resolve("cpu.max"), quotaUs(limits.cpuMillis()) + " " + CPU_PERIOD_US);
            }
            return List.of(dir);
        }
    }

    private static long quotaUs(long cpuMillis) {
        return Math.max(1000, cpuMillis * CPU_PERIOD_US / 1000);
    }
}
