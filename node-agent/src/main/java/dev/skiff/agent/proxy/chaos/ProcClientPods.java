package dev.skiff.agent.proxy.chaos;

import dev.skiff.agent.runtime.process.ProcessRuntime;
import dev.skiff.api.Protocol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * {@link ClientPods} from /proc, for process pods (which share the host's network): the client's
 * address:port is a local address in /proc/net/tcp (tcp6, udp, udp6) → that socket's inode → the
 * process holding {@code socket:[inode]} among /proc/PID/fd → its pod uid. Only processes carrying
 * the process runtime's marker ({@link ProcessRuntime#POD_UID_ENV} in /proc/PID/environ) are
 * scanned, so host processes cost one small read each, and the marker is inherited by a pod's
 * children and readable by every agent of the same user on the machine — whichever agent's proxy
 * accepted the connection (SO_REUSEPORT) can tell. Docker containers live in their own network
 * namespace: their sockets are not in the host's tables, so they are never identified (the agent
 * refuses rules naming them as sources). Addresses in /proc/net are in host byte order: this reads
 * them as little-endian, as on amd64 and arm64 (Raspberry Pi OS).
 */
public final class ProcClientPods implements ClientPods {

    private static final byte[] MARKER = ("\0" + ProcessRuntime.POD_UID_ENV + "=").getBytes(StandardCharsets.US_ASCII);
    private final Path proc;

    public ProcClientPods() {
        this(Path.of("/proc"));
    }

    ProcClientPods(Path proc) {
        this.proc = proc;
    }

    @Override
    public Optional<String> podOf(InetSocketAddress client, Protocol protocol) {
        if (client == null || client.getAddress() == null) return Optional.empty();
        String table = protocol == Protocol.UDP ? "udp" : "tcp";
        String inode = inode(proc.resolve("net").resolve(table), v4(client));
        if (inode == null) inode = inode(proc.resolve("net").resolve(table + "6"), v6(client));
        return inode == null ? Optional.empty() : holder("socket:[" + inode + "]");
    }

    /** The inode of the socket whose local address is {@code local}, or null. */
    static String inode(Path table, String local) {
        if (local == null) return null;
        List<String> lines;
        try {
            lines = Files.readAllLines(table, StandardCharsets.US_ASCII);
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).trim().split("\\s+");
            if (f.length > 9 && f[1].equals(local) && !f[9].equals("0")) return f[9];
        }
        return null;
    }

    /** The pod uid of the marked process holding {@code link}. */
    private Optional<String> holder(String link) {
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, p -> digits(p.getFileName().toString()))) {
            for (Path pid : pids) {
                String uid = marker(pid);
                if (uid != null && holds(pid, link)) return Optional.of(uid);
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The pod uid in the process's environment, or null (no marker, gone, or not ours to read). */
    static String marker(Path pid) {
        byte[] env;
        try {
            env = Files.readAllBytes(pid.resolve("environ"));
        } catch (IOException e) {
            return null;
        }
        int at = env.length >= MARKER.length - 1 && startsWith(env, 0, MARKER, 1) ? MARKER.length - 1 : find(env);
        if (at < 0) return null;
        int end = at;
        while (end < env.length && env[end] != 0) end++;
        return end == at ? null : new String(env, at, end - at, StandardCharsets.UTF_8);
    }

    private static int find(byte[] env) {
        for (int i = 0; i + MARKER.length <= env.length; i++) {
            if (env[i] == 0 && startsWith(env, i, MARKER, 0)) return i + MARKER.length;
        }
        return -1;
    }

    private static boolean startsWith(byte[] env, int at, byte[] marker, int from) {
        for (int j = from; j < marker.length; j++) {
            if (at + j - from >= env.length || env[at + j - from] != marker[j]) return false;
        }
        return true;
    }

    private static boolean holds(Path pid, String link) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(pid.resolve("fd"))) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).toString().equals(link)) return true;
                } catch (IOException closed) {
                    // closed meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    private static boolean digits(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) if (!Character.isDigit(s.charAt(i))) return false;
        return true;
    }

    /** As /proc/net/tcp writes it: 127.0.0.1:8080 → 0100007F:1F90; null for an IPv6 address. */
    static String v4(InetSocketAddress a) {
        if (!(a.getAddress() instanceof Inet4Address)) return null;
        return words(a.getAddress().getAddress()) + ":" + port(a);
    }

    /** As /proc/net/tcp6 writes it; an IPv4 address as its IPv4-mapped IPv6 form. */
    static String v6(InetSocketAddress a) {
        byte[] b = a.getAddress().getAddress();
        if (b.length == 4) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(b, 0, mapped, 12, 4);
            b = mapped;
        }
        return words(b) + ":" + port(a);
    }

    /** Each 32-bit word printed as a little-endian host reads it. */
    private static String words(byte[] b) {
        byte[] out = new byte[b.length];
        for (int w = 0; w < b.length; w += 4) {
            for (int i = 0; i < 4; i++) out[w + i] = b[w + 3 - i];
        }
        return HexFormat.of().withUpperCase().formatHex(out);
    }

    private static String port(InetSocketAddress a) {
        return String.format("%04X", a.getPort());
    }
}
