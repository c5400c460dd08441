package dev.skiff.store.embedded;

import dev.skiff.store.StoreConfig;
import dev.skiff.store.StoreContract;
import dev.skiff.store.StoreEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** The StoreContract, unchanged, against the embedded server running in this JVM. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class EmbeddedStoreIT extends StoreContract {
    private static final Shared SHARED = new Shared();

    /** One server for the whole class, as the contract expects; restart keeps address and data. */
    private static final class Shared implements StoreEndpoint {
        private final Path dataDir;
        private EmbeddedServer server;
        private int port;

        Shared() {
            try {
                dataDir = Files.createTempDirectory("skiff-embedded-contract");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server = EmbeddedServer.start(new EmbeddedServerConfig(dataDir, "127.0.0.1", 0));
            port = server.port();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.close()));
        }

        @Override
        public synchronized StoreConfig config() {
            return StoreConfig.parse("127.0.0.1:" + port);
        }

        @Override
        public synchronized void restart() {
            server.close();
            server = EmbeddedServer.start(new EmbeddedServerConfig(dataDir, "127.0.0.1", port));
        }
    }

    @Override
    protected StoreEndpoint endpoint() {
        return SHARED;
    }
}
