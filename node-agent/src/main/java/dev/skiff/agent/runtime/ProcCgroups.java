package dev.skiff.agent.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The cgroup directories a host process runs in, read from {@code /proc/PID/cgroup} (cgroup v1 or v2). */
public final class ProcCgroups {
    private static final Path PROC = Path.of("/proc");
    private static final Path MOUNT = Path.of("/sys/fs/cgroup");

    private ProcCgroups() {}

    /** The directories of {@code pid}'s cgroups that exist on this machine; empty when it is gone or unreadable. */
    public static List<Path> of(long pid) {
        try {
            return dirs(Files.readAllLines(PROC.resolve(Long.toString(pid)).resolve("cgroup")), MOUNT).stream()
                    .filter(Files::isDirectory).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * {@code N:cpu,cpuacct:/path} (v1) is {@code root/cpu,cpuacct/path}, where v1 mounts each
     * hierarchy; {@code 0::/path} is the unified hierarchy, at {@code root} on a v2 machine and at
     * {@code root/unified} on a hybrid one. Named hierarchies ({@code name=systemd}) and root
     * cgroups hold nothing to charge and are left out.
     */
    static List<Path> dirs(List<String> lines, Path root) {
        Path unified = Files.exists(root.resolve("cgroup.controllers")) ? root : root.resolve("unified");
        List<Path> out = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(":", 3);
            if (f.length < 3 || f[1].startsWith("name=")) continue;
            String relative = f[2].startsWith("/") ? f[2].substring(1) : f[2];
            if (relative.isEmpty()) continue;
            out.add(f[1].isEmpty() ? unified.resolve(relative) : root.resolve(f[1]).resolve(relative));
        }
        return out;
    }
}
