package dev.skiff.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Automatic compaction, WAL checkpoints, split watch responses and progress notifications. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EmbeddedCompactionIT {
    @TempDir
    Path dir;

    static ByteSequence b(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    @Test
    void automaticCompactionKeepsTheWindowAndBoundsTheFiles() throws Exception {
        EmbeddedServerConfig config = new EmbeddedServerConfig(dir, "127.0.0.1", 0)
                .withCompaction(50, Duration.ZERO, Duration.ofMillis(300));
        try (EmbeddedServer server = EmbeddedServer.start(config);
                Client client = Client.builder().endpoints(server.endpoint()).build()) {
            var kv = client.getKVClient();
            byte[] value = new byte[4096];
            for (int i = 0; i < 1000; i++) {
                kv.put(b("/churn/" + (i % 10)), ByteSequence.from(value)).get();
            }
            long current = server.revision();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatThrownBy(
                    () -> kv.get(b("/churn/0"), GetOption.builder().withRevision(current - 60).build()).get())
                    .hasMessageContaining("compacted"));
            assertThat(kv.get(b("/churn/0"), GetOption.builder().withRevision(current - 45).build()).get().getKvs())
                    .hasSize(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> rows(dir) <= 60 + 10);
            long wal = Files.size(dir.resolve("state.db-wal"));
            System.out.printf("after 1000 x 4 KiB churn: %d rows, db %d B, wal %d B%n", rows(dir),
                    Files.size(dir.resolve("state.db")), wal);
            assertThat(wal).isLessThan(4L * 1024 * 1024);
        }
    }

    @Test
    void largeWatchResponsesAreSplitAtRevisionBoundaries() throws Exception {
        EmbeddedServerConfig config = new EmbeddedServerConfig(dir, "127.0.0.1", 0).withMaxWatchResponseBytes(3000);
        try (EmbeddedServer server = EmbeddedServer.start(config);
                Client client = Client.builder().endpoints(server.endpoint()).build()) {
            for (int i = 0; i < 20; i++) {
                client.getKVClient().put(b("/big/" + i), ByteSequence.from(new byte[1000])).get();
            }
            List<WatchResponse> responses = new CopyOnWriteArrayList<>();
            try (var w = client.getWatchClient().watch(b("/big/"),
                    WatchOption.builder().isPrefix(true).withRevision(2).build(), responses::add)) {
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> responses.stream().mapToInt(r -> r.getEvents().size()).sum() == 20);
            }
            assertThat(responses).hasSizeGreaterThan(3);
        }
    }

    @Test
    void idleWatchersThatAskGetProgressNotifications() throws Exception {
        EmbeddedServerConfig config = new EmbeddedServerConfig(dir, "127.0.0.1", 0)
                .withProgressNotifyInterval(Duration.ofMillis(200));
        try (EmbeddedServer server = EmbeddedServer.start(config);
                Client client = Client.builder().endpoints(server.endpoint()).build()) {
            client.getKVClient().put(b("/p"), b("1")).get();
            List<WatchResponse> responses = new CopyOnWriteArrayList<>();
            try (var w = client.getWatchClient().watch(b("/p"),
                    WatchOption.builder().withProgressNotify(true).build(), responses::add)) {
                await().atMost(Duration.ofSeconds(5)).until(() -> responses.stream()
                        .anyMatch(r -> r.getEvents().isEmpty() && r.getHeader().getRevision() == 2));
            }
        }
    }

    private static long rows(Path dir) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state.db"));
                ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM kine")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
