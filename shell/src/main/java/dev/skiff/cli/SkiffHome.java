package dev.skiff.cli;

import java.nio.file.Path;

/** Where Skiff keeps its state: {@code $SKIFF_HOME}, else {@code ~/.skiff}. */
final class SkiffHome {
    private SkiffHome() {}

    private static volatile Path override;

    /** For tests: a home other than $SKIFF_HOME (null = back to normal). */
    static void override(Path dir) {
        override = dir;
    }

    static Path dir() {
        if (override != null) return override;
        String env = System.getenv("SKIFF_HOME");
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(System.getProperty("user.home"), ".skiff");
    }
}
