package dev.skiff.local;

import dev.skiff.client.ServiceRanges;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.IntStream;

/**
 * Which addresses a local cluster owns on this machine, so two of them (two users, two test runs)
 * never serve each other's traffic: the proxies and DNS servers bind with SO_REUSEPORT, so a shared
 * address would silently split connections and queries between clusters. Slot {@code k} gives the
 * agents 127.0.k.1, 127.0.k.2, … (their DNS on 127.0.k.1:10053) and services the CIDR
 * 127.77.0.0/16 for slot 1 (the documented default), 127.(76+k).0.0/16 after it. A slot is held by
 * an OS file lock in the temp directory for as long as the cluster runs (a crash lets it go).
 */
public final class LocalSlot implements AutoCloseable {
    static final int MAX = 100;
    private static final int DNS_PORT = 10053;

    private final int index;
    private final FileChannel lockFile;
    private final FileLock lock;

    private LocalSlot(int index, FileChannel lockFile, FileLock lock) {
        this.index = index;
        this.lockFile = lockFile;
        this.lock = lock;
    }

    /** The slot last used if it is free (services keep their addresses across restarts), else the lowest free one. */
    public static LocalSlot acquire(int preferred) {
        return IntStream.concat(IntStream.of(preferred), IntStream.rangeClosed(1, MAX))
                .filter(k -> k >= 1 && k <= MAX)
                .mapToObj(LocalSlot::tryAcquire).flatMap(java.util.Optional::stream).findFirst()
                .orElseThrow(() -> new IllegalStateException("all " + MAX + " local cluster slots are taken (lock files "
                        + lockPath(1).getParent().resolve("skiff-local-slot-*.lock") + "): stop a local cluster with 'skiff down'"));
    }

    private static java.util.Optional<LocalSlot> tryAcquire(int k) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockPath(k), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null && addressFree(k)) return java.util.Optional.of(new LocalSlot(k, channel, lock));
        } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
            // taken (by this JVM or another): try the next slot
        }
        closeQuietly(channel);
        return java.util.Optional.empty();
    }

    /** A cluster from a build without slots (or another user's) holds no lock: its DNS port on the slot's first address tells. */
    private static boolean addressFree(int k) {
        try (DatagramSocket probe = new DatagramSocket(null)) {
            probe.bind(new InetSocketAddress(nodeAddress(k, 1), DNS_PORT));
            return true;
        } catch (SocketException e) {
            return false;
        }
    }

    static Path lockPath(int k) {
        return Path.of(System.getProperty("java.io.tmpdir"), "skiff-local-slot-" + k + ".lock");
    }

    public int index() {
        return index;
    }

    /** The address of node {@code i} (1-based). */
    public String nodeAddress(int i) {
        return nodeAddress(index, i);
    }

    private static String nodeAddress(int k, int i) {
        return "127.0." + k + "." + i;
    }

    public ServiceRanges serviceRanges() {
        return rangesFor(index);
    }

    static ServiceRanges rangesFor(int k) {
        if (k == 1) return ServiceRanges.DEFAULT;
        return new ServiceRanges("127." + (76 + k) + ".0.0/16", ServiceRanges.DEFAULT.nodePortMin(),
                ServiceRanges.DEFAULT.nodePortMax());
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // the channel's close below lets it go too
        }
        closeQuietly(lockFile);
    }

    private static void closeQuietly(FileChannel c) {
        if (c == null) return;
        try {
            c.close();
        } catch (IOException e) {
            // nothing to keep
        }
    }
}
