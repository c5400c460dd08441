package dev.skiff.js;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.graalvm.polyglot.io.FileSystem;

/**
 * What scripts see of the disk. {@code skiff/NAME} resolves to the standard library packaged in the
 * jar (under {@code stdlib/}); other paths go to the host file system, but without
 * {@code --allow-host-io} only JavaScript sources can be read (scripts and the modules they import)
 * and nothing can be written. That keeps {@code load("/etc/passwd")} from printing the file back in
 * a syntax error.
 */
final class ScriptFileSystem implements FileSystem {

    /** Where the packaged stdlib appears to live; no such directory exists on disk. */
    static final Path STDLIB = Path.of("/__skiff__/stdlib");
    private static final Pattern BARE = Pattern.compile("skiff/[a-z][a-z0-9-]*(\\.m?js)?");
    private static final Set<String> SOURCES = Set.of(".js", ".mjs", ".cjs", ".json");

    private final FileSystem host;
    private final boolean hostIo;

    ScriptFileSystem(boolean hostIo, Path workDir) {
        this.hostIo = hostIo;
        FileSystem fs = FileSystem.newDefaultFileSystem();
        this.host = hostIo ? fs : FileSystem.newReadOnlyFileSystem(fs);
        this.host.setCurrentWorkingDirectory(workDir.toAbsolutePath());
    }

    @Override
    public Path parsePath(URI uri) {
        return host.parsePath(uri);
    }

    @Override
    public Path parsePath(String path) {
        if (BARE.matcher(path).matches()) return STDLIB.resolve(path.endsWith("js") ? path : path + ".js");
        return host.parsePath(path);
    }

    private static boolean inStdlib(Path p) {
        return p.isAbsolute() && p.normalize().startsWith(STDLIB);
    }

    /** The classpath resource behind a stdlib path, or null when there is none. */
    private static String resource(Path p) {
        String rel = STDLIB.relativize(p.normalize()).toString();
        String name = "stdlib/" + rel;
        return ScriptFileSystem.class.getClassLoader().getResource(name) == null ? null : name;
    }

    private void checkReadable(Path p) throws IOException {
        if (hostIo) return;
        String name = p.getFileName() == null ? "" : p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        if (dot < 0 || !SOURCES.contains(name.substring(dot))) {
            throw new AccessDeniedException(p.toString(), null,
                    "scripts may read only .js/.mjs/.json files; run skiff with --allow-host-io to read other files");
        }
    }

    @Override
    public void checkAccess(Path path, Set<? extends AccessMode> modes, LinkOption... options) throws IOException {
        if (inStdlib(path)) {
            if (resource(path) == null && !STDLIB.equals(path.normalize())) throw new NoSuchFileException(path.toString());
            if (modes.contains(AccessMode.WRITE)) throw new AccessDeniedException(path.toString());
            return;
        }
        host.checkAccess(path, modes, options);
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        if (inStdlib(dir)) throw new AccessDeniedException(dir.toString());
        host.createDirectory(dir, attrs);
    }

    @Override
    public void delete(Path path) throws IOException {
        if (inStdlib(path)) throw new AccessDeniedException(path.toString());
        host.delete(path);
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        boolean writing = options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND);
        if (inStdlib(path)) {
            String res = resource(path);
            if (res == null) throw new NoSuchFileException(path.toString());
            if (writing) throw new AccessDeniedException(path.toString());
            try (InputStream in = ScriptFileSystem.class.getClassLoader().getResourceAsStream(res)) {
                return new BytesChannel(in.readAllBytes());
            }
        }
        if (!writing) checkReadable(path);
        return host.newByteChannel(path, options, attrs);
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
        if (inStdlib(dir)) throw new AccessDeniedException(dir.toString());
        if (!hostIo) throw new AccessDeniedException(dir.toString(), null, "listing directories needs --allow-host-io");
        return host.newDirectoryStream(dir, filter);
    }

    @Override
    public Path toAbsolutePath(Path path) {
        return inStdlib(path) || path.isAbsolute() ? path : host.toAbsolutePath(path);
    }

    @Override
    public Path toRealPath(Path path, LinkOption... options) throws IOException {
        if (inStdlib(path)) return path.normalize();
        return host.toRealPath(path, options);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        if (inStdlib(path)) {
            String res = resource(path);
            if (res == null) throw new NoSuchFileException(path.toString());
            Map<String, Object> attrs = new HashMap<>();
            FileTime epoch = FileTime.fromMillis(0);
            attrs.put("isRegularFile", true);
            attrs.put("isDirectory", false);
            attrs.put("isSymbolicLink", false);
            attrs.put("isOther", false);
            attrs.put("lastModifiedTime", epoch);
            attrs.put("lastAccessTime", epoch);
            attrs.put("creationTime", epoch);
            attrs.put("size", 0L);
            return attrs;
        }
        return host.readAttributes(path, attributes, options);
    }

    @Override
    public void setCurrentWorkingDirectory(Path currentWorkingDirectory) {
        host.setCurrentWorkingDirectory(currentWorkingDirectory);
    }
}
