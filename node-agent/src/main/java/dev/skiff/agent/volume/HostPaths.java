package dev.skiff.agent.volume;

import dev.skiff.agent.volume.VolumeManager.VolumeException;
import dev.skiff.api.HostPathVolumeSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** hostPath with Kubernetes' {@code type} checks, made before any container starts. */
final class HostPaths {

    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;

    private HostPaths() {
    }

    static Path prepare(String volume, HostPathVolumeSource src) {
        if (src.path() == null || !src.path().startsWith("/")) {
            throw new VolumeException("volume " + volume + ": hostPath.path must be an absolute path, got " + src.path());
        }
        var path = Path.of(src.path());
        var type = src.type() == null ? "" : src.type();
        try {
            switch (type) {
                case "" -> { }
                case "DirectoryOrCreate" -> {
                    if (!Files.isDirectory(path)) {
                        Files.createDirectories(path);
                        Files.setPosixFilePermissions(path, AtomicDir.permissions(0755));
                    }
                }
                case "Directory" -> require(volume, path, Files.isDirectory(path), "a directory", "DirectoryOrCreate");
                case "FileOrCreate" -> {
                    if (!Files.exists(path)) {
                        if (!Files.isDirectory(path.getParent())) {
                            throw new VolumeException("volume " + volume + ": hostPath " + path + " (FileOrCreate) "
                                    + "cannot be created because its directory " + path.getParent() + " does not exist");
                        }
                        Files.createFile(path);
                        Files.setPosixFilePermissions(path, AtomicDir.permissions(0644));
                    }
                    require(volume, path, Files.isRegularFile(path), "a file", null);
                }
                case "File" -> require(volume, path, Files.isRegularFile(path), "a file", "FileOrCreate");
                case "Socket" -> require(volume, path, kind(path) == S_IFSOCK, "a UNIX socket", null);
                case "CharDevice" -> require(volume, path, kind(path) == S_IFCHR, "a character device", null);
                case "BlockDevice" -> require(volume, path, kind(path) == S_IFBLK, "a block device", null);
                default -> throw new VolumeException("volume " + volume + ": unknown hostPath.type " + type
                        + "; use one of DirectoryOrCreate, Directory, FileOrCreate, File, Socket, CharDevice, "
                        + "BlockDevice, or leave it empty");
            }
        } catch (IOException e) {
            throw new VolumeException("volume " + volume + ": hostPath " + path + ": " + e.getMessage());
        }
        return path;
    }

    private static void require(String volume, Path path, boolean ok, String what, String orCreate) {
        if (ok) return;
        var state = Files.exists(path, LinkOption.NOFOLLOW_LINKS) ? "is not " + what : "does not exist";
        throw new VolumeException("volume " + volume + ": hostPath " + path + " " + state + " on this node"
                + (orCreate == null ? "" : "; create it, or use type " + orCreate));
    }

    private static int kind(Path path) throws IOException {
        if (!Files.exists(path)) return -1;
        return ((Integer) Files.getAttribute(path, "unix:mode")) & S_IFMT;
    }
}
