package dev.skiff.cli;

import picocli.CommandLine;

/** The {@code skiff} entry point: one picocli tree for the one-shot CLI (and, later, the prompt). */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code; never calls {@link System#exit}. */
    public static int run(String... args) {
        return SkiffCommand.commandLine().execute(args);
    }
}
