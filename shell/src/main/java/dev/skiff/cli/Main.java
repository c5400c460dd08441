package dev.skiff.cli;

/** The {@code skiff} entry point: one picocli tree for the one-shot CLI (and, later, the prompt). */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        reflectNativelyIfShortLived(args);
        configureLogging(args);
        boolean prewarming = Prewarm.decodingFor(args); // Jackson's set-up, the longest way to a get's first decode, goes first
        EarlyRead.start(args); // a one-shot get: the store's answer is on its way while the line is bound
        if (prewarming) Prewarm.initialiseBigDecimal(); // here, beside the mapper's set-up: the first decode needs both
        int code = execute(args);
        if (code != 0 || otherThreadsKeepTheJvm()) System.exit(code);
        // else return: the JVM ends as System.exit(0) would (shutdown hooks included), without Runtime.exit's log,
        // whose System.Logger lookup opens all ~90 jars of the class path (0.1-0.4 s of a one-shot command)
    }

    /** A live non-daemon thread: returning from main would wait for it, where System.exit does not. */
    private static boolean otherThreadsKeepTheJvm() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) root = root.getParent();
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n = root.enumerate(threads, true);
        for (int i = 0; i < n; i++) {
            Thread t = threads[i];
            if (t != Thread.currentThread() && t.isAlive() && !t.isDaemon()) return true;
        }
        return n == threads.length; // too many to be sure: exit as before
    }

    /** The roles that run until stopped, and the JS runners (scripts may call into Java in loops). */
    private static final java.util.Set<String> LONG_RUNNING =
            java.util.Set.of("server", "agent", "shell", "local-cluster", "run", "test");

    /**
     * Jackson builds records through core reflection, which since JDK 18 spins method-handle classes for each
     * constructor and accessor on first use (JEP 416): in a one-shot command every use is a first one (a one-shot
     * get's CPU: 1,075 ms with the spinning, 890 ms without; median of 8, loaded machine). JEP 416's documented
     * switch makes reflection call through the JVM instead, slower per call only once a call site is hot, as it
     * is in a long-running role alone. Set before anything reflects: the JDK reads it once, on first use.
     */
    static void reflectNativelyIfShortLived(String[] args) {
        // the prompt's own test (SkiffCommand.prompt), without loading SkiffCommand: its initialiser reflects
        String verb = opensPrompt(args) ? "shell" : args[0];
        if (!LONG_RUNNING.contains(verb)) System.setProperty("jdk.reflect.useNativeAccessorOnly", "true");
    }

    /**
     * {@code skiff} alone, or with only the prompt's own flags ({@code --nodes N}, {@code --allow-host-io}) and
     * where the cluster is ({@code -s/--server ENDPOINTS}, {@code --request-timeout D}), is {@code skiff shell}.
     */
    static boolean opensPrompt(String... args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            int eq = a.startsWith("--") ? a.indexOf('=') : -1;
            if (PROMPT_VALUED.contains(a) && i + 1 < args.length) i++;
            else if (!a.equals("--allow-host-io") && !(eq > 0 && PROMPT_VALUED.contains(a.substring(0, eq)))) return false;
        }
        return true;
    }

    private static final java.util.Set<String> PROMPT_VALUED = java.util.Set.of("--nodes", "-s", "--server", "--request-timeout");

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

    /** Runs one command line, bound directly when it can be, else by picocli; returns its exit code. */
    static int execute(String... args) {
        Integer direct = direct(args);
        return direct != null ? direct : run(args);
    }

    /**
     * A one-shot verb whose command line {@link DirectBinding} binds, run without picocli's model; null when
     * picocli must parse it (or the command asked for picocli to report a usage error).
     */
    static Integer direct(String... args) {
        java.util.concurrent.Callable<Integer> command = args.length == 0 ? null : switch (args[0]) {
            case "get" -> new GetCommand();
            default -> null;
        };
        if (command == null || DirectBinding.bind(command, java.util.Arrays.asList(args).subList(1, args.length)).isEmpty()) {
            return null;
        }
        try {
            return call(command);
        } catch (DirectBinding.NeedsPicocli e) {
            return null;
        }
    }

    /** Runs a command bound without picocli as picocli would: an exception becomes Errors' one line and exit code 1. */
    static int call(java.util.concurrent.Callable<Integer> command) {
        try {
            return command.call();
        } catch (DirectBinding.NeedsPicocli e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (Exception e) {
            Stdio.flush();
            // the error path alone builds picocli's model: Errors prints to its writer
            return new Errors().handleExecutionException(e, new picocli.CommandLine(command), null);
        } finally {
            Stdio.flush();
        }
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
