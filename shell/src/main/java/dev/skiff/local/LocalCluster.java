package dev.skiff.local;

import dev.skiff.engine.Engine;
import dev.skiff.engine.EngineConfig;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.embedded.EmbeddedServer;
import dev.skiff.store.embedded.EmbeddedServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A whole cluster on one machine: the embedded store and the engine in this process, and N node
 * agents (process runtime) as child processes with addresses 127.0.k.1, 127.0.k.2, … where k is the
 * cluster's {@link LocalSlot} on this machine (1 when it is the only one; DESIGN §5). State lives in
 * {@code HOME/local}: stopping keeps it, and the next start brings it back.
 */
public final class LocalCluster implements AutoCloseable {

    /** @param home SKIFF_HOME;  @param nodes how many agents;  @param port 0 = the last one used, else a free one */
    public record Config(Path home, int nodes, int port) {
        public Path dir() {
            return home.resolve("local");
        }
    }

    private final Config config;
    private final EmbeddedServer server;
    private final Store store;
    private Engine engine;
    private final LocalSlot slot;
    private final List<Process> agents = new ArrayList<>();
    private boolean closed;

    private LocalCluster(Config config, EmbeddedServer server, Store store, LocalSlot slot) {
        this.config = config;
        this.server = server;
        this.store = store;
        this.slot = slot;
    }

    /** Starts the store and the engine now, and the agents in the background (they join as they come up). */
    public static LocalCluster start(Config config) {
        LocalCluster cluster = startStore(config);
        cluster.startEngineAndAgents();
        return cluster;
    }

    /**
     * Starts the store only; {@link #startEngineAndAgents} then starts the rest. The prompt does so
     * once it is drawn: it needs the store (the banner reads it), and the engine's controllers and the
     * agents' JVMs would compete with it for the CPU.
     */
    public static LocalCluster startStore(Config config) {
        Path dir = config.dir();
        mkdirs(dir);
        LocalSlot slot = LocalSlot.acquire(LocalState.lastSlot(dir).orElse(1));
        LocalState.writeSlot(dir, slot.index());
        int port = config.port() != 0 ? config.port() : LocalState.lastPort(dir).orElse(0);
        EmbeddedServer server;
        try {
            server = EmbeddedServer.start(new EmbeddedServerConfig(dir.resolve("store"), "127.0.0.1", port));
        } catch (RuntimeException e) {
            if (port == 0) throw e;
            server = EmbeddedServer.start(new EmbeddedServerConfig(dir.resolve("store"), "127.0.0.1", 0));
        }
        LocalState.writeEndpoint(dir, server.endpoint(), server.port());
        Store store = EtcdStore.connect(StoreConfig.parse(server.endpoint()));
        return new LocalCluster(config, server, store, slot);
    }

    public String endpoint() {
        return server.endpoint();
    }

    public Store store() {
        return store;
    }

    /** The address of agent {@code i} (1-based): where its host ports, node ports and DNS listen. */
    public String nodeAddress(int i) {
        return slot.nodeAddress(i);
    }

    /** Starts the node agents as child processes, then the engine (once; the nodes join as they come up). */
    public synchronized void startEngineAndAgents() {
        if (engine != null || closed) return;
        startAgents();
        engine = new Engine(store, EngineConfig.defaults().withIdentity("local")
                .withServiceRanges(slot.serviceRanges()), Clock.systemUTC(), Engine.builtIn()).start();
    }

    private void startAgents() {
        for (int i = 1; i <= config.nodes(); i++) {
            String name = "node-" + i;
            Path nodeDir = config.dir().resolve("nodes").resolve(name);
            mkdirs(nodeDir);
            String address = slot.nodeAddress(i);
            // node ports on the agent's own address, not every address: another local cluster may use the same ports
            // a session of its own: Ctrl-C or Ctrl-Z for a command at the prompt signal the terminal's foreground
            // process group, which must not take the nodes down; the agent ends with this process instead
            List<String> command = new ArrayList<>(List.of("setsid"));
            command.addAll(Launcher.command("agent", "--server", server.endpoint(), "--name", name,
                    "--address", address, "--node-port-address", address, "--data-dir", nodeDir.toString(),
                    "--stop-pods-on-exit", "--exit-with-parent"));
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().put("SKIFF_NO_BUILD", "1");
            pb.environment().put("SKIFF_HOME", config.home().toString());
            pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(nodeDir.resolve("agent.log").toFile()));
            try {
                agents.add(pb.start());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the agent for " + name + ": " + e.getMessage(), e);
            }
        }
    }

    /** Stops the agents (and their pods), then the engine, then the store. */
    @Override
    public synchronized void close() {
        closed = true;
        agents.forEach(Process::destroy); // SIGTERM: each agent stops its pods, then exits
        for (Process p : agents) {
            try {
                if (!p.waitFor(15, TimeUnit.SECONDS)) p.destroyForcibly();
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (engine != null) engine.close();
        store.close();
        server.close();
        slot.close();
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + " (set SKIFF_HOME to a writable directory)", e);
        }
    }
}
