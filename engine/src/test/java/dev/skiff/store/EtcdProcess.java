package dev.skiff.store;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real etcd server (Debian etcd-server) on free loopback ports with its own temp data dir.
 * fsync stays on; auto-compaction is off; short raft timers make start-up and elections quick.
 * {@link #shared()} gives one instance per test JVM so suites don't start one per test.
 */
public final class EtcdProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static EtcdProcess shared;

    private final Path binary;
    private final Path dir;
    private final int clientPort;
    private final int peerPort;
    private Process process;

    private EtcdProcess(Path binary, Path dir, int clientPort, int peerPort) {
        this.binary = binary;
        this.dir = dir;
        this.clientPort = clientPort;
        this.peerPort = peerPort;
    }

    public static EtcdProcess start() {
        Path binary = findBinary();
        try {
            Path dir = Files.createTempDirectory("skiff-etcd-");
            EtcdProcess etcd = new EtcdProcess(binary, dir, freePort(), freePort());
            etcd.launch();
            return etcd;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One etcd for the whole test JVM, stopped and deleted at exit. */
    public static synchronized EtcdProcess shared() {
        if (shared == null || !shared.isRunning() && !shared.tryRestart()) {
            shared = start();
            EtcdProcess s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close, "skiff-etcd-cleanup"));
        }
        return shared;
    }

    /** What {@code etcd --version} says first, e.g. "3.4.23", for benchmark reports. */
    public String version() {
        try {
            Process p = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
            String first = new String(p.getInputStream().readAllBytes()).lines().findFirst().orElse("");
            p.waitFor();
            return first.replace("etcd Version: ", "").trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + clientPort);
    }

    public StoreConfig config() {
        return StoreConfig.of(List.of(endpoint()));
    }

    public Path logFile() {
        return dir.resolve("etcd.log");
    }

    /** The etcd process id, for /proc figures (disk writes, RSS) in benchmarks. */
    public synchronized long pid() {
        if (process == null) throw new IllegalStateException("etcd is not running");
        return process.pid();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Graceful stop (SIGTERM). */
    public synchronized void stop() {
        end(false);
    }

    /** Crash (SIGKILL): no goodbye to clients, as when a Pi loses power. */
    public synchronized void kill() {
        end(true);
    }

    /** Stops if running and starts again on the same ports and data dir. */
    public synchronized void restart() {
        end(false);
        launch();
    }

    @Override
    public synchronized void close() {
        end(true);
        deleteRecursively(dir);
    }

    private boolean tryRestart() {
        try {
            restart();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private synchronized void launch() {
        String peer = "http://127.0.0.1:" + peerPort;
        String client = endpoint().toString();
        ProcessBuilder pb = new ProcessBuilder(binary.toString(),
                "--name", "skiff-test",
                "--data-dir", dir.resolve("data").toString(),
                "--listen-client-urls", client,
                "--advertise-client-urls", client,
                "--listen-peer-urls", peer,
                "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "skiff-test=" + peer,
                "--initial-cluster-state", "new",
                "--heartbeat-interval", "20",
                "--election-timeout", "200",
                "--auto-compaction-retention", "0",
                "--logger", "zap",
                "--log-outputs", "stderr")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + binary + ": " + e.getMessage(), e);
        }
        awaitHealthy();
    }

    private void awaitHealthy() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(endpoint().resolve("/health")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("etcd exited with " + process.exitValue() + " while starting; log:\n" + logTail());
            }
            try {
                HttpResponse<String> r = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"health\":\"true\"")) return;
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for etcd", e);
            }
            sleep(50);
        }
        end(true);
        throw new IllegalStateException("etcd did not become healthy within " + START_TIMEOUT + "; log:\n" + logTail());
    }

    private void end(boolean forcibly) {
        if (process == null) return;
        if (forcibly) process.destroyForcibly(); else process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static Path findBinary() {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin";
        for (String d : path.split(File.pathSeparator)) {
            if (d.isEmpty()) continue;
            Path candidate = Path.of(d, "etcd");
            if (Files.isExecutable(candidate)) return candidate;
        }
        throw new IllegalStateException(
                "etcd not found on PATH: install Debian etcd-server, or run ./run-tests which installs it");
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a leftover temp dir is not worth failing a test for
        }
    }
}
