package dev.skiff.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers run while the server (a child JVM) is killed with SIGKILL at random moments. After each
 * restart every acknowledged write is there, revisions only grow, and a watch resumed from its last
 * revision sees every event exactly once.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CrashRecoveryIT {
    static final int ROUNDS = 5;
    static final int WRITERS = 4;

    @TempDir
    Path dir;

    Process server;
    int port;

    @AfterEach
    void stop() {
        if (server != null) {
            server.destroyForcibly();
        }
    }

    @Test
    void acknowledgedWritesSurviveSigkillAndWatchesResumeExactlyOnce() throws Exception {
        port = freePort();
        Random random = new Random(42);
        Map<String, Long> acked = new ConcurrentHashMap<>();
        List<Long> watched = new CopyOnWriteArrayList<>();
        AtomicLong lastWatched = new AtomicLong(1);
        AtomicLong counter = new AtomicLong();
        for (int round = 0; round < ROUNDS; round++) {
            startServer();
            try (Client client = client()) {
                verifyAcked(client, acked);
                long revision = client.getKVClient().get(bytes("/probe")).get().getHeader().getRevision();
                long newestSeen = Math.max(lastWatched.get(), acked.values().stream().mapToLong(v -> v).max().orElse(1));
                assertThat(revision).as("revision after restart").isGreaterThanOrEqualTo(newestSeen);
                Watch.Watcher watcher = resumeWatch(client, watched, lastWatched);
                AtomicBoolean running = new AtomicBoolean(true);
                List<Thread> writers = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    writers.add(Thread.ofVirtual().start(() -> write(client, running, counter, acked)));
                }
                Thread.sleep(300 + random.nextInt(1200));
                server.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no flush
                running.set(false);
                for (Thread t : writers) {
                    t.join(15_000);
                }
                watcher.close();
            }
        }
        startServer();
        try (Client client = client()) {
            verifyAcked(client, acked);
            Watch.Watcher watcher = resumeWatch(client, watched, lastWatched);
            long last = client.getKVClient().put(bytes("/crash/final"), bytes("end")).get().getHeader().getRevision();
            assertThat(last).isGreaterThan(acked.values().stream().mapToLong(v -> v).max().orElseThrow());
            await().atMost(Duration.ofSeconds(20)).until(() -> lastWatched.get() >= last);
            watcher.close();
        }
        System.out.printf("crash test: %d acknowledged writes over %d SIGKILLs, %d events watched%n",
                acked.size(), ROUNDS, watched.size());
        assertThat(acked).hasSizeGreaterThan(ROUNDS * 10);
        assertThat(watched).as("events in revision order, none twice").isSorted().doesNotHaveDuplicates();
        assertThat(watched).as("every acknowledged write was watched").containsAll(acked.values());
        assertThat(acked.values()).as("revisions never reused").doesNotHaveDuplicates();
    }

    private void write(Client client, AtomicBoolean running, AtomicLong counter, Map<String, Long> acked) {
        while (running.get()) {
            String key = "/crash/" + counter.incrementAndGet();
            try {
                long rev = client.getKVClient().put(bytes(key), bytes(key)).get(5, TimeUnit.SECONDS)
                        .getHeader().getRevision();
                acked.put(key, rev);
            } catch (Exception e) {
                return; // the server died under us: this write was never acknowledged
            }
        }
    }

    private static Watch.Watcher resumeWatch(Client client, List<Long> watched, AtomicLong lastWatched) {
        WatchOption option = WatchOption.builder()
                .isPrefix(true)
                .withRevision(lastWatched.get() + 1)
                .build();
        return client.getWatchClient().watch(bytes("/crash/"), option, response -> {
            for (WatchEvent e : response.getEvents()) {
                long rev = e.getKeyValue().getModRevision();
                watched.add(rev);
                lastWatched.set(rev);
            }
        });
    }

    private static void verifyAcked(Client client, Map<String, Long> acked) throws Exception {
        var all = client.getKVClient().get(bytes("/crash/"), GetOption.builder().isPrefix(true).build()).get();
        Map<String, Long> present = new ConcurrentHashMap<>();
        all.getKvs().forEach(kv -> present.put(kv.getKey().toString(StandardCharsets.UTF_8), kv.getModRevision()));
        assertThat(present).as("acknowledged writes after restart").containsAllEntriesOf(acked);
    }

    private void startServer() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ServerMain.class.getName(),
                "--data-dir", dir.resolve("data").toString(), "--listen", "127.0.0.1:" + port);
        pb.redirectErrorStream(true);
        server = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("skiff-store listening on")) {
            // JVM warnings and logs come first
        }
        assertThat(line).as("server printed its endpoint").isNotNull();
        Thread.ofVirtual().start(() -> drain(out));
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // keep the pipe from filling up
            }
        } catch (IOException ignored) {
            // process gone
        }
    }

    private Client client() {
        return Client.builder().endpoints("http://127.0.0.1:" + port).build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
