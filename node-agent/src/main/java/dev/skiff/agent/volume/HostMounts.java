package dev.skiff.agent.volume;

import dev.skiff.agent.volume.VolumeManager.VolumeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * mount(8) and umount(8), for the volumes that are filesystems of their own (tmpfs, nfs). Only root
 * may mount; {@link #canMount} says whether this agent can, so callers fail or fall back clearly.
 */
final class HostMounts {

    private static final long TIMEOUT_SECONDS = 60;

    boolean canMount() {
        return isRoot() && Files.isExecutable(Path.of("/bin/mount"));
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    void mount(String type, String source, Path target, String options) {
        var cmd = new ArrayList<>(List.of("mount", "-t", type));
        if (options != null && !options.isBlank()) cmd.addAll(List.of("-o", options));
        cmd.addAll(List.of(source, target.toString()));
        run(cmd, "mounting " + type + " " + source + " on " + target);
    }

    /** Unmounts everything at or under {@code dir}, deepest first; true when nothing is left mounted. */
    boolean unmountUnder(Path dir) {
        for (var target : mountedUnder(dir).reversed()) {
            try {
                run(List.of("umount", "-l", target.toString()), "unmounting " + target);
            } catch (VolumeException e) {
                return false;
            }
        }
        return mountedUnder(dir).isEmpty();
    }

    boolean isMountPoint(Path dir) {
        return mountedUnder(dir).contains(dir.toAbsolutePath().normalize());
    }

    static List<Path> mountedUnder(Path dir) {
        var root = dir.toAbsolutePath().normalize();
        var out = new ArrayList<Path>();
        try {
            for (var line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
                var fields = line.split(" ");
                if (fields.length < 5) continue;
                var point = Path.of(fields[4].replace("\\040", " "));
                if (point.startsWith(root)) out.add(point);
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        return out;
    }

    static String run(List<String> cmd, String what) {
        try {
            var p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new VolumeException(what + " took over " + TIMEOUT_SECONDS + " s");
            }
            var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) throw new VolumeException(what + " failed: " + out);
            return out;
        } catch (IOException e) {
            throw new VolumeException(what + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VolumeException(what + " was interrupted");
        }
    }
}
