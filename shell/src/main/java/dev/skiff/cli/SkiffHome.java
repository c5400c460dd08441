package dev.skiff.cli;

import java.nio.file.Path;

/** Where Skiff keeps its state: {@code $SKIFF_HOME}, else {@code ~/.skiff}. */
final class SkiffHome {
    private SkiffHome() {}

    static Path dir() {
        String env = System.getenv("SKIFF_HOME");
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(System.getProperty("user.home"), ".skiff");
    }
}
