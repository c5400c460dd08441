package dev.skiff.agent.volume;

import dev.skiff.agent.volume.VolumeManager.VolumeException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Writes a set of files into a volume so that a reader sees the old set or the new one, never a mix
 * (the kubelet's AtomicWriter): files go to a fresh {@code ..<time>} dir, the {@code ..data} symlink
 * is swapped to it with one rename, and each visible name is a relative symlink through
 * {@code ..data}, which resolves the same inside a container.
 */
final class AtomicDir {

    static final String DATA = "..data";

    /** One file: its bytes and its permission bits (e.g. 0644). */
    record File(byte[] content, int mode) {
        boolean sameAs(Path existing) throws IOException {
            return Files.isRegularFile(existing) && Arrays.equals(Files.readAllBytes(existing), content)
                    && modeOf(existing) == mode;
        }
    }

    private AtomicDir() {
    }

    /** Makes {@code dir} show exactly {@code files} (relative paths); false when it already did. */
    static boolean write(Path dir, Map<String, File> files, Clock clock) {
        try {
            Files.createDirectories(dir);
            if (unchanged(dir, files)) return false;
            var fresh = dir.resolve(".." + clock.instant().toString().replace(':', '_') + "." + System.nanoTime());
            Files.createDirectory(fresh);
            for (var e : files.entrySet()) {
                var target = fresh.resolve(e.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, e.getValue().content());
                Files.setPosixFilePermissions(target, permissions(e.getValue().mode()));
            }
            var old = Files.isSymbolicLink(dir.resolve(DATA)) ? dir.resolve(Files.readSymbolicLink(dir.resolve(DATA))) : null;
            var tmpLink = dir.resolve("..data_tmp");
            Files.deleteIfExists(tmpLink);
            Files.createSymbolicLink(tmpLink, fresh.getFileName());
            Files.move(tmpLink, dir.resolve(DATA), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            linkVisibleNames(dir, files);
            if (old != null && !old.equals(fresh)) deleteTree(old);
            return true;
        } catch (IOException e) {
            throw new VolumeException("cannot write volume files in " + dir + ": " + e.getMessage());
        }
    }

    private static boolean unchanged(Path dir, Map<String, File> files) throws IOException {
        var data = dir.resolve(DATA);
        if (!Files.isSymbolicLink(data)) return false;
        var current = new HashSet<String>();
        try (var walk = Files.walk(data.toRealPath())) {
            for (var p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                current.add(data.toRealPath().relativize(p).toString());
            }
        }
        if (!current.equals(files.keySet())) return false;
        for (var e : files.entrySet()) {
            if (!e.getValue().sameAs(data.resolve(e.getKey()))) return false;
        }
        return true;
    }

    /** Top-level names point through ..data; names no longer present are removed. */
    private static void linkVisibleNames(Path dir, Map<String, File> files) throws IOException {
        Set<String> tops = new HashSet<>();
        for (var key : files.keySet()) tops.add(Path.of(key).getName(0).toString());
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (var p : entries) {
                var name = p.getFileName().toString();
                if (!name.startsWith("..") && !tops.contains(name) && Files.isSymbolicLink(p)) Files.delete(p);
            }
        }
        for (var top : tops) {
            var link = dir.resolve(top);
            if (Files.isSymbolicLink(link)) continue;
            Files.createSymbolicLink(link, Path.of(DATA, top));
        }
    }

    static int modeOf(Path p) throws IOException {
        int mode = 0;
        for (var perm : Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)) {
            mode |= 1 << (8 - perm.ordinal());
        }
        return mode;
    }

    static Set<PosixFilePermission> permissions(int mode) {
        var set = EnumSet.noneOf(PosixFilePermission.class);
        for (var perm : PosixFilePermission.values()) {
            if ((mode & (1 << (8 - perm.ordinal()))) != 0) set.add(perm);
        }
        return set;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
        try (var walk = Files.walk(root)) {
            for (var p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
