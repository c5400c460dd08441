package dev.skiff.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start another skiff process: through the {@code ./skiff} launcher when we were started by
 * it ({@code SKIFF_LAUNCHER}), else with this JVM's own java and class path (tests, IDEs).
 */
public final class Launcher {
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
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add("dev.skiff.cli.Main");
        }
        cmd.addAll(List.of(args));
        return cmd;
    }
}
