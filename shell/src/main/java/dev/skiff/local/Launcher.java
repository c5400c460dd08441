package dev.skiff.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start another skiff process: through the {@code ./skiff} launcher when we were started by
 * it ({@code SKIFF_LAUNCHER}), else with this JVM's own java and class path (tests, IDEs).
 */
public final class Launcher {
    /**
     * What a {@code skiff agent} JVM gets (the agent runs on every node next to its pods, so its RSS
     * counts): as {@code skiff_jvm_opts agent} in scripts/lib/java.sh; keep the two in step.
     */
    public static final List<String> AGENT_JVM_FLAGS = agentJvmFlags(Runtime.version().feature());

    static List<String> agentJvmFlags(int javaMajor) {
        var flags = new ArrayList<String>();
        flags.add("-XX:+PerfDisableSharedMem");
        if (javaMajor >= 25) flags.add("-XX:+UseCompactObjectHeaders"); // a product flag since JDK 25
        flags.addAll(List.of("-Xss256k", "-Xms8m", "-Xmx128m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20",
                "-XX:MaxMetaspaceSize=64m", "-XX:ReservedCodeCacheSize=24m", "-XX:CICompilerCount=1",
                "-XX:MaxDirectMemorySize=32m", "-Dio.netty.allocator.type=unpooled"));
        return List.copyOf(flags);
    }

    private Launcher() {}

    public static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        String launcher = System.getenv("SKIFF_LAUNCHER");
        if (launcher != null && !launcher.isBlank()) {
            cmd.add(launcher);
        } else {
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("--enable-native-access=ALL-UNNAMED");
            cmd.add("-XX:+UseSerialGC");
            cmd.add("-XX:TieredStopAtLevel=1");
            if (args.length > 0 && args[0].equals("agent")) cmd.addAll(AGENT_JVM_FLAGS);
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add("dev.skiff.cli.Main");
        }
        cmd.addAll(List.of(args));
        return cmd;
    }
}
