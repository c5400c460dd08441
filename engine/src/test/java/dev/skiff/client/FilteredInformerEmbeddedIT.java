package dev.skiff.client;

import dev.skiff.store.StoreConfig;
import dev.skiff.store.embedded.EmbeddedServer;
import dev.skiff.store.embedded.EmbeddedServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** The filtered informer on the embedded store (its own instance: these tests compact it). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FilteredInformerEmbeddedIT extends FilteredInformerContract {
    private Path dir;
    private EmbeddedServer server;

    @Override
    protected StoreConfig startStore() {
        try {
            dir = Files.createTempDirectory("skiff-filtered-informer");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = EmbeddedServer.start(new EmbeddedServerConfig(dir, "127.0.0.1", 0));
        return StoreConfig.parse("127.0.0.1:" + server.port());
    }

    @Override
    protected void stopStore() {
        server.close();
    }
}
