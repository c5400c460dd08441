package dev.skiff.controllers.quota;

import dev.skiff.store.StoreConfig;
import dev.skiff.store.embedded.EmbeddedServer;
import dev.skiff.store.embedded.EmbeddedServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** The quota controller contract on an embedded store of its own. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class QuotaControllerEmbeddedIT extends QuotaControllerContract {
    private EmbeddedServer server;

    @Override
    protected StoreConfig startStore() {
        try {
            server = EmbeddedServer.start(new EmbeddedServerConfig(
                    Files.createTempDirectory("skiff-quota-it"), "127.0.0.1", 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return StoreConfig.parse("127.0.0.1:" + server.port());
    }

    @Override
    protected void stopStore() {
        if (server != null) server.close();
    }
}
