package dev.skiff.cli;

import dev.skiff.client.Client;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import dev.skiff.store.StoreConfig;
import java.time.Clock;
import picocli.CommandLine.Option;

/**
 * Where the cluster is: {@code --server}, else {@code $SKIFF_SERVER}, else the current context of
 * {@code $SKIFF_HOME/config}, else a local cluster that is up ({@code skiff up}), else the local default.
 */
public final class ClusterOptions {

    static final String DEFAULT_SERVER = "127.0.0.1:2379";

    @Option(names = {"-s", "--server"}, paramLabel = "ENDPOINTS",
            description = "Store endpoints, HOST:PORT[,HOST:PORT…] or http://… (default: $SKIFF_SERVER, else "
                    + DEFAULT_SERVER + ").")
    String server;

    public String endpoints() {
        if (server != null && !server.isBlank()) return server;
        if (sessionEndpoints != null) return sessionEndpoints;
        String env = System.getenv("SKIFF_SERVER");
        if (env != null && !env.isBlank()) return env;
        return Contexts.current().map(Contexts.Context::server).filter(s -> s != null && !s.isBlank())
                .or(() -> dev.skiff.local.LocalState.runningEndpoint(SkiffHome.dir()))
                .orElse(DEFAULT_SERVER);
    }

    /** True when the user named a cluster (flag, SKIFF_SERVER or a current context), not left it to defaults. */
    public boolean named() {
        if (server != null && !server.isBlank()) return true;
        String env = System.getenv("SKIFF_SERVER");
        if (env != null && !env.isBlank()) return true;
        return Contexts.current().map(Contexts.Context::server).filter(s -> s != null && !s.isBlank()).isPresent();
    }

    /**
     * Opens the store; the caller closes it. At the prompt, commands without {@code --server} share
     * the session's connection (closing it is then a no-op), so nothing reconnects per command.
     */
    public Store connect() {
        Store shared = sessionStore;
        if (shared != null && (server == null || server.isBlank())) return new SharedStore(shared);
        return EtcdStore.connect(StoreConfig.parse(endpoints()));
    }

    private static volatile Store sessionStore;
    private static volatile String sessionEndpoints;

    /** The prompt's connection, used by every command that names no other server. */
    public static void useSessionStore(Store store, String endpoints) {
        sessionStore = store;
        sessionEndpoints = endpoints;
    }

    public static Client client(Store store) {
        return new Client(store, Clock.systemUTC());
    }
}
