package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.store.ListOptions;
import dev.skiff.store.Page;
import dev.skiff.store.Store;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.embedded.EmbeddedServer;
import dev.skiff.store.embedded.EmbeddedServerConfig;
import dev.skiff.store.wire.WireStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Paging through {@link ReadAhead} answers page for page as the store does, in order or not. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ReadAheadIT {

    @TempDir Path dir;

    @Test
    void pagesAreTheStoresInOrderAndOutOfOrder() {
        try (EmbeddedServer server = EmbeddedServer.start(new EmbeddedServerConfig(dir.resolve("store"), "127.0.0.1", 0));
             WireStore store = WireStore.connect(StoreConfig.parse(server.endpoint()))) {
            for (int i = 0; i < 230; i++) store.create(String.format("/ra/k%04d", i), ("v" + i).getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 5; i++) store.create("/rb/k" + i, "w".getBytes(StandardCharsets.UTF_8));
            ReadAhead ahead = new ReadAhead(store);
            assertThat(OneShotReadsIT.pages(ahead, "/ra/", 20)).isEqualTo(OneShotReadsIT.pages(store, "/ra/", 20)).hasSize(12);
            // a later write is not in the snapshot the pages were read at
            Page first = ahead.list("/ra/", ListOptions.page(50));
            store.create("/ra/k0100x", "late".getBytes(StandardCharsets.UTF_8));
            Page second = ahead.list("/ra/", ListOptions.page(50).next(first));
            assertThat(second).isEqualTo(store.list("/ra/", ListOptions.page(50).next(first)));
            // another listing in between: answered by the store, then the first resumes from where it asks
            assertThat(ahead.list("/rb/", ListOptions.latest())).isEqualTo(store.list("/rb/", ListOptions.latest()));
            ListOptions third = ListOptions.page(50).next(first).next(second);
            assertThat(ahead.list("/ra/", third)).isEqualTo(store.list("/ra/", third));
            ahead.close();
        }
    }
}
