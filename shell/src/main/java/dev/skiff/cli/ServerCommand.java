package dev.skiff.cli;

import dev.skiff.engine.Engine;
import dev.skiff.engine.EngineConfig;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.embedded.EmbeddedServer;
import dev.skiff.store.embedded.EmbeddedServerConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "server", description = {
        "Run the control plane: the embedded store (an etcd v3 API over SQLite) and the engine.",
        "With --etcd, the engine runs on an existing etcd cluster instead; several servers elect one leader."})
public final class ServerCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the embedded store keeps its data (default: $SKIFF_HOME/server).")
    Path dataDir;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:2379",
            description = "Address of the embedded store (default: ${DEFAULT-VALUE}; loopback unless you choose otherwise).")
    String listen;

    @Option(names = "--etcd", paramLabel = "ENDPOINTS", description = "Use this etcd cluster instead of the embedded store.")
    String etcd;

    @Option(names = "--no-engine", description = "Run only the store.")
    boolean noEngine;

    @Option(names = "--name", paramLabel = "NAME", description = "This server's identity in leader election (default: host-pid).")
    String name;

    @Option(names = "--node-monitor-grace-period", paramLabel = "DURATION", defaultValue = "5s",
            description = {"How long a node's agent may go without renewing its heartbeat lease before the node is "
                    + "NotReady and its pods' tolerations start counting (default: ${DEFAULT-VALUE}; whole seconds;",
                    "agents renew every fifth of their lease's TTL; as long as that TTL: only the lease's expiry counts)."})
    String nodeMonitorGracePeriod;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        EngineConfig config = engineConfig(); // a bad flag fails before anything starts
        EmbeddedServer server = null;
        String endpoints = etcd;
        if (etcd == null) {
            server = EmbeddedServer.start(embeddedConfig());
            endpoints = server.endpoint();
            out.println("skiff server: store listening on " + server.endpoint() + " (data in " + dataDir() + ")");
        } else {
            out.println("skiff server: using etcd at " + etcd);
        }
        out.flush();
        Store store = noEngine ? null : EtcdStore.connect(engineStoreConfig(endpoints));
        Engine engine = null;
        if (store != null) {
            engine = new Engine(store, config, Clock.systemUTC(), Engine.builtIn()).start();
            out.println("skiff server: engine " + config.identity() + " started (leader election on " + endpoints + ")");
            out.flush();
        }
        awaitShutdown(server, engine, store);
        return 0;
    }

    EngineConfig engineConfig() {
        Duration grace = GoDuration.parse("--node-monitor-grace-period", nodeMonitorGracePeriod);
        if (!grace.isPositive()) {
            throw new UserError("--node-monitor-grace-period must be more than 0, got \"" + nodeMonitorGracePeriod + "\"");
        }
        EngineConfig config = EngineConfig.defaults().withNodeMonitorGracePeriod(grace);
        return name == null ? config : config.withIdentity(name);
    }

    /**
     * A daemon waits for its store longer than a one-shot command does: on a busy Pi the first
     * answer of a freshly started JVM store can take more than the CLI's 5 s, and giving up would
     * take the whole server down with it.
     */
    private static StoreConfig engineStoreConfig(String endpoints) {
        return StoreConfig.parse(endpoints).withTimeouts(ENGINE_CONNECT_TIMEOUT, StoreConfig.DEFAULT_REQUEST_TIMEOUT);
    }

    static final Duration ENGINE_CONNECT_TIMEOUT = Duration.ofSeconds(60);

    private EmbeddedServerConfig embeddedConfig() {
        int colon = listen.lastIndexOf(':');
        if (colon < 0) throw new UserError("--listen needs HOST:PORT, got \"" + listen + "\"");
        String host = listen.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new UserError("--listen needs a numeric port, got \"" + listen + "\"");
        }
        return new EmbeddedServerConfig(dataDir(), host, port);
    }

    private Path dataDir() {
        return dataDir != null ? dataDir : SkiffHome.dir().resolve("server");
    }

    /** Runs until SIGTERM/SIGINT, then stops the engine before the store it writes to. */
    private static void awaitShutdown(EmbeddedServer server, Engine engine, Store store) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (engine != null) engine.close();
            if (store != null) store.close();
            if (server != null) server.close();
            stopped.countDown();
        }, "skiff-server-shutdown"));
        stopped.await();
    }
}
