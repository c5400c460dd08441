package dev.skiff.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.StoreContract;
import dev.skiff.store.StoreEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real distribution, {@code ./skiff server} (store and engine), as a child process: the
 * StoreContract unchanged against it, a clean stop on SIGTERM with the data intact afterwards, and
 * {@code etcdctl endpoint health}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SkiffServerIT extends StoreContract {
    /** The JVM's exit status after SIGTERM once its shutdown hooks ran (128 + 15), as for any Java daemon. */
    static final int SIGTERM_EXIT = 143;
    static final Path ETCDCTL = Path.of("/usr/bin/etcdctl");

    private static Shared shared;

    /** One server for the class, as the contract expects; restart keeps its address and data. */
    static final class Shared implements StoreEndpoint {
        final Path dataDir;
        final ServerProcess server;

        Shared() {
            Path root = Path.of(System.getProperty("skiff.root", "")).toAbsolutePath().normalize();
            Path launcher = root.resolve("skiff");
            Path dist = root.resolve("shell/target/skiff.jar");
            assertThat(Files.isExecutable(launcher)).as("the skiff launcher at %s (system property skiff.root)", launcher).isTrue();
            assertThat(dist).as("the distribution; build it with: mvn -o -pl tests -am verify").exists();
            try {
                dataDir = Files.createTempDirectory("skiff-server-it");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // the reactor built the distribution; the launcher must not run its own mvn install
            Map<String, String> env = Map.of("SKIFF_NO_BUILD", "1", "SKIFF_HOME", dataDir.resolve("home").toString());
            server = ServerProcess.start(List.of(launcher.toString(), "server",
                    "--data-dir", dataDir.resolve("data").toString(), "--listen", "127.0.0.1:0"), env);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }

        /** A child JVM on a busy 2-core CI machine can take longer than the CLI's 5 s to answer. */
        @Override
        public StoreConfig config() {
            return server.config().withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(30));
        }

        @Override
        public void restart() {
            server.restart();
        }

        @Override
        public String toString() {
            return "skiff server at " + server.endpoint();
        }
    }

    static synchronized Shared shared() {
        if (shared == null) shared = new Shared();
        return shared;
    }

    @Override
    protected StoreEndpoint endpoint() {
        return shared();
    }

    @Test
    void sigtermStopsCleanlyAndTheDataSurvives() {
        Shared s = shared();
        long written;
        try (Store writer = EtcdStore.connect(s.config())) {
            written = writer.put(p + "kept", "before SIGTERM".getBytes(UTF_8), 0);
        }
        int linesBefore = s.server.output().size();

        int exit = s.server.stop(Duration.ofSeconds(20));

        List<String> shutdownOutput = s.server.output().subList(linesBefore, s.server.output().size());
        assertThat(exit).as("exit status after SIGTERM; output:\n%s", s.server.outputTail()).isEqualTo(SIGTERM_EXIT);
        assertThat(shutdownOutput).as("nothing went wrong while stopping")
                .noneMatch(line -> line.contains("Exception") || line.contains("ERROR") || line.contains("WARN"));
        // SQLite folds the WAL into the database and deletes it when the last connection closes cleanly
        assertThat(s.dataDir.resolve("data/state.db-wal")).as("WAL checkpointed and removed on close").doesNotExist();

        s.server.startAgain();
        try (Store reader = EtcdStore.connect(s.config())) {
            var kv = reader.get(p + "kept").orElseThrow();
            assertThat(kv.valueAsString()).isEqualTo("before SIGTERM");
            assertThat(kv.modRevision()).isEqualTo(written);
            assertThat(reader.currentRevision()).isGreaterThanOrEqualTo(written);
        }
    }

    @Test
    void etcdctlEndpointHealthAnswers() throws Exception {
        assertThat(Files.isExecutable(ETCDCTL)).as("etcdctl is required: apt-get install etcd-client").isTrue();
        String endpoint = shared().server.endpoint().toString();
        ProcessBuilder pb = new ProcessBuilder(ETCDCTL.toString(), "--endpoints", endpoint, "endpoint", "health")
                .redirectErrorStream(true);
        pb.environment().put("ETCDCTL_API", "3");
        Process etcdctl = pb.start();
        String out = new String(etcdctl.getInputStream().readAllBytes(), UTF_8);
        assertThat(etcdctl.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(etcdctl.exitValue()).as("etcdctl endpoint health: %s", out).isZero();
        assertThat(out).contains(endpoint.replace("http://", "")).contains("is healthy");
    }
}
