package dev.skiff.testing;

import dev.skiff.store.StoreConfig;
import dev.skiff.store.embedded.EmbeddedServer;
import dev.skiff.store.embedded.EmbeddedServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** One in-process embedded store per test JVM, as {@code EtcdProcess.shared()} is for etcd. */
public final class SharedEmbeddedServer {

    private static EmbeddedServer server;

    private SharedEmbeddedServer() {
    }

    public static synchronized StoreConfig config() {
        if (server == null) {
            try {
                server = EmbeddedServer.start(new EmbeddedServerConfig(
                        Files.createTempDirectory("skiff-embedded-shared"), "127.0.0.1", 0));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            EmbeddedServer s = server;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close, "skiff-embedded-cleanup"));
        }
        return StoreConfig.parse("127.0.0.1:" + server.port());
    }
}
