package dev.skiff.bench;

import dev.skiff.e2e.ServerProcess;
import dev.skiff.store.embedded.ServerMain;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The embedded store as its own process, so its CPU, memory and disk writes are its own and the
 * benchmark client does not share its JVM — the same footing etcd gets.
 */
final class EmbeddedChild {
    /**
     * The JVM flags ./skiff runs {@code skiff server} with (keep in step with the launcher); another
     * set can be tried with {@code -Dskiff.bench.serverJvmFlags="..."} (space-separated).
     */
    static final List<String> SERVER_JVM_FLAGS = List.of(System.getProperty("skiff.bench.serverJvmFlags",
            "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -XX:+PerfDisableSharedMem"
                    + " -Xms16m -Xmx192m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30").trim().split("\\s+"));

    private EmbeddedChild() {}

    /** The bare store ({@code ServerMain}). */
    static ServerProcess store(Path dataDir) {
        return ServerProcess.start(ServerProcess.javaCommand(SERVER_JVM_FLAGS, ServerMain.class.getName(),
                "--data-dir", dataDir.toString(), "--listen", "127.0.0.1:0"), Map.of());
    }

    /** {@code skiff server}: the store and the engine, as an operator runs it on a Pi. */
    static ServerProcess skiffServer(Path dataDir) {
        return ServerProcess.start(ServerProcess.javaCommand(SERVER_JVM_FLAGS, "dev.skiff.cli.Main",
                "server", "--data-dir", dataDir.toString(), "--listen", "127.0.0.1:0"),
                Map.of("SKIFF_HOME", dataDir.resolveSibling(dataDir.getFileName() + "-home").toString()));
    }
}
