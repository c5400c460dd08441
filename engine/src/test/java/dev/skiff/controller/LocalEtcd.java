package dev.skiff.controller;

import dev.skiff.store.EtcdStore;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.StoreException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-node etcd in a temporary directory, for this package's integration tests.
 * Stop-gap until the store branch's shared {@code EtcdProcess} harness lands; fails loudly when the
 * etcd binary is missing (install Debian's {@code etcd-server}).
 */
final class LocalEtcd implements AutoCloseable {

    private final Process process;
    private final Path dataDir;
    private final URI endpoint;

    private LocalEtcd(Process process, Path dataDir, URI endpoint) {
        this.process = process;
        this.dataDir = dataDir;
        this.endpoint = endpoint;
    }

    static LocalEtcd start() {
        String binary = findEtcd();
        try {
            Path dir = Files.createTempDirectory("skiff-controller-etcd");
            int client = freePort();
            int peer = freePort();
            URI endpoint = URI.create("http://127.0.0.1:" + client);
            Process process = new ProcessBuilder(List.of(binary,
                    "--name", "controller-it",
                    "--data-dir", dir.resolve("data").toString(),
                    "--listen-client-urls", endpoint.toString(),
                    "--advertise-client-urls", endpoint.toString(),
                    "--listen-peer-urls", "http://127.0.0.1:" + peer,
                    "--initial-advertise-peer-urls", "http://127.0.0.1:" + peer,
                    "--initial-cluster", "controller-it=http://127.0.0.1:" + peer))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("etcd.log").toFile())
                    .start();
            LocalEtcd etcd = new LocalEtcd(process, dir, endpoint);
            etcd.awaitReady(Duration.ofSeconds(20));
            return etcd;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start etcd", e);
        }
    }

    private static String findEtcd() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "etcd");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("etcd binary not found on PATH: install Debian's etcd-server "
                + "(apt-get install etcd-server) — these tests need a real etcd");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("etcd exited with " + process.exitValue() + "; see " + dataDir.resolve("etcd.log"));
            }
            try (EtcdStore probe = connect()) {
                return;
            } catch (StoreException.Unavailable notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("etcd did not answer within " + timeout, notYet);
                }
                sleep(Duration.ofMillis(100));
            }
        }
    }

    /** A new client connection, as a separate process would have. */
    EtcdStore connect() {
        return EtcdStore.connect(StoreConfig.of(List.of(endpoint))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3)));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // a leftover temp dir is harmless
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for etcd", e);
        }
    }
}
