package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.store.EtcdProcess;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.ListOptions;
import dev.skiff.store.Page;
import dev.skiff.store.Store;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.StoreException;
import dev.skiff.store.embedded.EmbeddedServer;
import dev.skiff.store.embedded.EmbeddedServerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a one-shot reading command opens ({@link ClusterOptions#connectForReads()}: the light
 * client, no jetcd) answers exactly as jetcd does, against real etcd and the embedded server,
 * with the same errors.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class OneShotReadsIT {

    @TempDir Path dir;

    @Test
    void readsAsJetcdDoesFromRealEtcd() {
        sameAnswers(EtcdProcess.shared().config(), "/registry/readstore-it/etcd-" + System.nanoTime() + "/");
    }

    @Test
    void readsAsJetcdDoesFromTheEmbeddedServer() {
        try (EmbeddedServer server = EmbeddedServer.start(new EmbeddedServerConfig(dir.resolve("store"), "127.0.0.1", 0))) {
            sameAnswers(StoreConfig.parse(server.endpoint()), "/registry/readstore-it/embedded/");
        }
    }

    private static void sameAnswers(StoreConfig config, String prefix) {
        try (EtcdStore jetcd = EtcdStore.connect(config); Store light = forReads(config)) {
            assertThat(light).isNotInstanceOf(EtcdStore.class);
            long first = 0;
            // values large enough that a page spans several HTTP/2 frames, with headers HPACK must index
            byte[] big = "x".repeat(40_000).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 30; i++) {
                long rev = jetcd.create(prefix + "k" + i, i % 10 == 0 ? big : ("v" + i).getBytes(StandardCharsets.UTF_8));
                if (first == 0) first = rev;
            }
            assertThat(light.list(prefix, ListOptions.latest())).isEqualTo(jetcd.list(prefix, ListOptions.latest()));
            assertThat(pages(light, prefix, 7)).isEqualTo(pages(jetcd, prefix, 7));
            ListOptions old = new ListOptions(first + 4, 0, null);
            assertThat(light.list(prefix, old)).isEqualTo(jetcd.list(prefix, old)).satisfies(p -> assertThat(p.items()).hasSize(5));
            assertThat(light.get(prefix + "k3")).isEqualTo(jetcd.get(prefix + "k3")).isPresent();
            assertThat(light.get(prefix + "nope")).isEmpty();
            assertThat(light.currentRevision()).isEqualTo(jetcd.currentRevision());
            light.create(prefix + "written-through", new byte[] {1});
            assertThat(light.get(prefix + "written-through")).isPresent();
            // a refusal (a revision in the future) reads as jetcd's does
            ListOptions future = new ListOptions(jetcd.currentRevision() + 1000, 0, null);
            assertThatThrownBy(() -> light.list(prefix, future)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("in the future");
        }
    }

    private static Store forReads(StoreConfig config) {
        ClusterOptions options = new ClusterOptions();
        options.server = config.endpoints().stream().map(u -> u.getHost() + ":" + u.getPort())
                .collect(java.util.stream.Collectors.joining(","));
        options.requestTimeout = config.requestTimeout().toMillis() + "ms";
        return options.connectForReads();
    }

    /** Every page of a listing, {@code limit} objects a page, as a command pages through it. */
    static List<Page> pages(Store store, String prefix, int limit) {
        List<Page> pages = new ArrayList<>();
        ListOptions options = ListOptions.page(limit);
        Page page;
        do {
            page = store.list(prefix, options);
            pages.add(page);
            if (page.more()) options = options.next(page);
        } while (page.more());
        return pages;
    }

    @Test
    void aServerThatNeverAnswersTimesOutWithJetcdsWords() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0)) { // accepts (backlog), never speaks
            StoreConfig config = StoreConfig.parse("127.0.0.1:" + silent.getLocalPort()).withTimeout(java.time.Duration.ofMillis(700));
            assertThatThrownBy(() -> forReads(config)).isInstanceOf(StoreException.Unavailable.class)
                    .hasMessageContaining("127.0.0.1:" + silent.getLocalPort())
                    .hasMessageContaining("no answer within 700 ms");
        }
    }
}
