package dev.skiff.agent.volume;

import dev.skiff.agent.volume.VolumeManager.VolumeException;
import dev.skiff.api.GitRepoVolumeSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * gitRepo as the kubelet does it: {@code git clone -- repository [directory]} in the volume, then
 * {@code git checkout revision} and {@code git reset --hard}. Done once per pod: a volume that
 * already holds the checkout is left as it is (containers may have changed it).
 */
final class GitRepos {

    static final String DONE = "..git-ready";

    private GitRepos() {
    }

    static void prepare(String volume, GitRepoVolumeSource src, Path dir) {
        if (Files.exists(dir.resolve(DONE))) return;
        if (src.repository() == null || src.repository().isBlank()) {
            throw new VolumeException("volume " + volume + ": gitRepo.repository is empty");
        }
        var directory = src.directory();
        if (directory != null && (directory.startsWith("/") || Path.of(directory).normalize().startsWith(".."))) {
            throw new VolumeException("volume " + volume + ": gitRepo.directory " + directory
                    + " must be relative and stay inside the volume");
        }
        git(volume, dir, clone(src.repository(), directory));
        var checkout = checkoutDir(dir, src);
        if (src.revision() != null && !src.revision().isBlank()) {
            git(volume, checkout, List.of("git", "checkout", src.revision()));
            git(volume, checkout, List.of("git", "reset", "--hard"));
        }
        try {
            Files.createFile(dir.resolve(DONE));
        } catch (java.io.IOException e) {
            throw new VolumeException("volume " + volume + ": " + e.getMessage());
        }
    }

    private static List<String> clone(String repository, String directory) {
        var cmd = new ArrayList<>(List.of("git", "clone", "--", repository));
        if (directory != null && !directory.isBlank()) cmd.add(directory);
        return cmd;
    }

    /** Where the checkout lands: {@code directory}, "." for the volume itself, else git's own name for it. */
    private static Path checkoutDir(Path dir, GitRepoVolumeSource src) {
        if (src.directory() != null && !src.directory().isBlank()) return dir.resolve(src.directory()).normalize();
        var name = src.repository().replaceAll("/+$", "");
        name = name.substring(name.lastIndexOf('/') + 1).replaceAll("\\.git$", "");
        return dir.resolve(name);
    }

    private static void git(String volume, Path in, List<String> cmd) {
        try {
            var p = new ProcessBuilder(cmd).directory(in.toFile()).redirectErrorStream(true);
            p.environment().put("GIT_TERMINAL_PROMPT", "0"); // never wait for a password on a pod start
            var proc = p.start();
            if (!proc.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)) {
                proc.destroyForcibly();
                throw new VolumeException("volume " + volume + ": " + String.join(" ", cmd) + " took over 5 min");
            }
            var out = new String(proc.getInputStream().readAllBytes()).strip();
            if (proc.exitValue() != 0) {
                throw new VolumeException("volume " + volume + ": " + String.join(" ", cmd) + " failed: " + out);
            }
        } catch (java.io.IOException e) {
            throw new VolumeException("volume " + volume + ": cannot run git (" + e.getMessage()
                    + "); install git on this node (apt-get install git)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VolumeException("volume " + volume + ": interrupted while cloning");
        }
    }
}
