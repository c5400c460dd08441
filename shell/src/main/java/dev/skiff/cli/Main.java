package dev.skiff.cli;

/** The {@code skiff} entry point: one picocli tree for the one-shot CLI (and, later, the prompt). */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        configureLogging(args);
        Prewarm.decodingFor(args); // a one-shot process: the prompt's commands find Jackson warm already
        System.exit(run(args));
    }

    /** Long-running roles log what they do; one-shot commands only say what went wrong. */
    static void configureLogging(String[] args) {
        boolean daemon = args.length > 0 && (args[0].equals("server") || args[0].equals("agent"));
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", daemon ? "info" : "warn");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
        System.setProperty("org.slf4j.simpleLogger.levelInSameLine", "true");
        // jetcd narrates its own retries; Skiff reports an unreachable store itself, in one line
        System.setProperty("org.slf4j.simpleLogger.log.io.etcd", "error");
    }

    /** Runs one command line and returns its exit code; never calls {@link System#exit}. */
    public static int run(String... args) {
        args = SkiffCommand.prompt(args);
        var cl = SkiffCommand.commandLine(args);
        try {
            return cl.execute(args);
        } finally {
            cl.getOut().flush(); // print() does not autoflush, and System.exit would lose it
            cl.getErr().flush();
        }
    }
}
