package dev.skiff.e2e;

import dev.skiff.store.StoreConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A store server running as a child process — {@code ./skiff server}, or the bare store
 * ({@code ServerMain}) — started from a command line and ready once it prints
 * {@code listening on http://HOST:PORT}. Output is kept (for failure messages and log checks).
 * The first start may ask for port 0; {@link #restart()} reuses the port it got.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
    public static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final List<String> command;
    private final Map<String, String> env;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private Process process;
    private URI endpoint;

    private ServerProcess(List<String> command, Map<String, String> env) {
        this.command = new ArrayList<>(command);
        this.env = env;
    }

    /** Starts {@code command} (whose last two arguments are {@code --listen HOST:PORT}) and waits until it listens. */
    public static ServerProcess start(List<String> command, Map<String, String> env) {
        ServerProcess p = new ServerProcess(command, env);
        p.launch();
        return p;
    }

    /** The Java of this JVM running {@code mainClass} on this JVM's classpath, with {@code jvmFlags}. */
    public static List<String> javaCommand(List<String> jvmFlags, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        if (Runtime.version().feature() >= 23) cmd.add("--sun-misc-unsafe-memory-access=allow");
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private synchronized void launch() {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        }
        CompletableFuture<URI> ready = new CompletableFuture<>();
        Process started = process;
        Thread.ofVirtual().start(() -> pump(started, ready));
        try {
            endpoint = ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("server did not print its endpoint within " + START_TIMEOUT
                    + " (" + command + "); output:\n" + outputTail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException(e);
        }
        pinPort();
    }

    /** Copies output lines; completes {@code ready} at the listening line, fails it if the process ends first. */
    private void pump(Process p, CompletableFuture<URI> ready) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.add(line);
                Matcher m = LISTENING.matcher(line);
                if (!ready.isDone() && m.find()) ready.complete(URI.create(m.group(1)));
            }
        } catch (IOException e) {
            // the pipe closes when the process dies
        }
        ready.completeExceptionally(new IllegalStateException("process ended before it listened"));
    }

    /** After a start on port 0, restarts must come back on the same address. */
    private void pinPort() {
        int i = command.lastIndexOf("--listen");
        if (i >= 0 && i + 1 < command.size()) command.set(i + 1, endpoint.getHost() + ":" + endpoint.getPort());
    }

    public synchronized URI endpoint() {
        return endpoint;
    }

    public StoreConfig config() {
        return StoreConfig.parse(endpoint().getHost() + ":" + endpoint().getPort());
    }

    public synchronized long pid() {
        return process.pid();
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGTERM, then waits for the exit and returns its code; SIGKILL if it hangs past {@code grace}. */
    public synchronized int stop(Duration grace) {
        if (process == null) throw new IllegalStateException("not running");
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("server ignored SIGTERM for " + grace + "; output:\n" + outputTail());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            process = null;
        }
    }

    /** Stops (SIGTERM) and starts again on the same address and data. */
    public synchronized void restart() {
        if (process != null) stop(Duration.ofSeconds(30));
        launch();
    }

    /** Starts again after {@link #stop}, on the same address and data. */
    public synchronized void startAgain() {
        if (process != null) throw new IllegalStateException("still running");
        launch();
    }

    /** Everything the process printed so far, over all its starts. */
    public List<String> output() {
        return List.copyOf(output);
    }

    public String outputTail() {
        List<String> lines = output();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** Reads one counter of this process's {@code /proc/<pid>/io}, e.g. write_bytes. */
    public long procIo(String field) {
        return procIo(pid(), field);
    }

    /** This process's resident set size in bytes. */
    public long rssBytes() {
        return rssBytes(pid());
    }

    /** One counter of {@code /proc/<pid>/io} (all threads of the process), e.g. write_bytes. */
    public static long procIo(long pid, String field) {
        return procField(pid, "io", field + ":");
    }

    /** Resident set size in bytes ({@code VmRSS} of {@code /proc/<pid>/status}). */
    public static long rssBytes(long pid) {
        return procField(pid, "status", "VmRSS:") * 1024;
    }

    private static long procField(long pid, String file, String prefix) {
        Path path = Path.of("/proc", Long.toString(pid), file);
        try {
            for (String line : Files.readAllLines(path)) {
                if (line.startsWith(prefix)) return Long.parseLong(line.substring(prefix.length()).trim().split("\\s+")[0]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException(prefix + " missing in " + path);
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }
}
