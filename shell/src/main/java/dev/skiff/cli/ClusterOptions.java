package dev.skiff.cli;

import dev.skiff.client.Client;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.wire.WireStore;
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

    @Option(names = "--request-timeout", paramLabel = "DURATION",
            description = "How long to wait for the store to connect and to answer each request, e.g. 30s, 1m or a "
                    + "number of seconds; 0 waits forever (default: $SKIFF_REQUEST_TIMEOUT, else 15s). A closed port fails at once.")
    String requestTimeout;

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
        if (shared != null && usesSession()) return new SharedStore(shared);
        return EtcdStore.connect(storeConfig());
    }

    /**
     * Opens the store for a command that only reads: the light client ({@link WireStore}), since
     * starting jetcd's gRPC, Netty and Vert.x costs most of a one-shot {@code get}'s second. At the
     * prompt, the session's; in a one-shot {@code get}, the connection {@link EarlyRead} opened when it is to
     * the same store.
     */
    public Store connectForReads() {
        Store shared = sessionStore;
        if (shared != null && usesSession()) return new SharedStore(shared);
        StoreConfig config = storeConfig();
        Store early = EarlyRead.store(config);
        return early != null ? early : WireStore.connect(config);
    }

    /** At the prompt, with no {@code --server} of its own: the command works on the prompt's cluster. */
    boolean usesSession() {
        return sessionStore != null && (server == null || server.isBlank());
    }

    /** Where the store is and how long to wait for it: the one place --request-timeout is read. */
    StoreConfig storeConfig() {
        StoreConfig config = StoreConfig.parse(endpoints());
        return timeout(requestTimeout, System.getenv("SKIFF_REQUEST_TIMEOUT")).map(config::withTimeout).orElse(config);
    }

    /** The flag, else the environment variable; 0 means no timeout (as kubectl), empty means the default. */
    static java.util.Optional<java.time.Duration> timeout(String flag, String env) {
        String text = flag != null && !flag.isBlank() ? flag : env;
        if (text == null || text.isBlank()) return java.util.Optional.empty();
        String source = flag != null && !flag.isBlank() ? "--request-timeout" : "SKIFF_REQUEST_TIMEOUT";
        java.time.Duration d = GoDuration.parse(source, text.strip());
        return java.util.Optional.of(d.isZero() ? NO_TIMEOUT : d);
    }

    /** "Wait forever", in a form every timed wait accepts. */
    static final java.time.Duration NO_TIMEOUT = java.time.Duration.ofDays(365);

    private static volatile Store sessionStore;
    private static volatile String sessionEndpoints;

    /** The endpoints of the prompt's connection, or null outside a prompt. */
    static String sessionEndpoints() {
        return sessionEndpoints;
    }

    /** The prompt's connection, used by every command that names no other server. */
    public static void useSessionStore(Store store, String endpoints) {
        sessionStore = store;
        sessionEndpoints = endpoints;
    }

    public static Client client(Store store) {
        return new Client(store, Clock.systemUTC());
    }
}
