package dev.skiff.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The files that say whether a local cluster is up and where: {@code endpoint} (its store's URL),
 * {@code port} (kept across restarts so clients' settings stay valid), {@code slot} (its
 * {@link LocalSlot}, kept likewise so services keep their addresses) and, for one started with
 * {@code skiff up}, {@code pid}.
 */
public final class LocalState {
    private LocalState() {}

    static void writeEndpoint(Path dir, String endpoint, int port) {
        write(dir.resolve("endpoint"), endpoint);
        write(dir.resolve("port"), Integer.toString(port));
    }

    static void writeSlot(Path dir, int slot) {
        write(dir.resolve("slot"), Integer.toString(slot));
    }

    static Optional<Integer> lastSlot(Path dir) {
        return read(dir.resolve("slot")).map(String::trim).map(Integer::parseInt);
    }

    static Optional<Integer> lastPort(Path dir) {
        return read(dir.resolve("port")).map(String::trim).map(Integer::parseInt);
    }

    /** The endpoint of a local cluster that answers right now, if there is one. */
    public static Optional<String> runningEndpoint(Path home) {
        Path dir = home.resolve("local");
        Optional<String> endpoint = read(dir.resolve("endpoint")).map(String::trim);
        return endpoint.filter(LocalState::answers);
    }

    public static Optional<Long> pid(Path home) {
        return read(home.resolve("local").resolve("pid")).map(String::trim).map(Long::parseLong)
                .filter(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false));
    }

    public static void writePid(Path home, long pid) {
        write(home.resolve("local").resolve("pid"), Long.toString(pid));
    }

    public static void clearPid(Path home) {
        try {
            Files.deleteIfExists(home.resolve("local").resolve("pid"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean answers(String endpoint) {
        String hostPort = endpoint.replaceFirst("^https?://", "");
        int colon = hostPort.lastIndexOf(':');
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))), 300);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Optional<String> read(Path p) {
        try {
            return Files.exists(p) ? Optional.of(Files.readString(p)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void write(Path p, String content) {
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, content + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + p, e);
        }
    }
}
