package dev.skiff.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The repository under test, and running its commands as child processes. */
public final class Repo {
    private Repo() {}

    public static Path root() {
        String root = System.getProperty("skiff.root");
        if (root == null) throw new IllegalStateException("skiff.root is not set: run through Maven (failsafe sets it)");
        return Path.of(root).toAbsolutePath().normalize();
    }

    /** What a finished command printed and returned. */
    public record Result(int exitCode, String out, String err) {}

    /** Runs {@code command} in the repository root with extra {@code env}; fails after {@code timeoutSeconds}. */
    public static Result run(Map<String, String> env, long timeoutSeconds, String... command) {
        ProcessBuilder pb = new ProcessBuilder(List.of(command)).directory(root().toFile());
        pb.environment().putAll(env);
        try {
            Path out = java.nio.file.Files.createTempFile("skiff-out", ".txt");
            Path err = java.nio.file.Files.createTempFile("skiff-err", ".txt");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
            }
            Result r = new Result(p.exitValue(), java.nio.file.Files.readString(out, StandardCharsets.UTF_8),
                    java.nio.file.Files.readString(err, StandardCharsets.UTF_8));
            java.nio.file.Files.deleteIfExists(out);
            java.nio.file.Files.deleteIfExists(err);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static List<String> args(String... a) {
        return new ArrayList<>(List.of(a));
    }
}
