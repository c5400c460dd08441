package dev.skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.local.LocalState;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A local cluster ({@code skiff up}) in its own SKIFF_HOME, driven by {@code ./skiff} child
 * processes: what the chaos end-to-end suites share (one cluster per class).
 */
final class LocalSkiff {
    final Path home;

    LocalSkiff(Path home) {
        this.home = home;
    }

    Map<String, String> env() {
        return Map.of("SKIFF_HOME", home.toString());
    }

    Repo.Result skiff(long timeoutSeconds, String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "./skiff";
        System.arraycopy(args, 0, cmd, 1, args.length);
        return Repo.run(env(), timeoutSeconds, cmd);
    }

    /** {@code ./skiff ARGS} in the background, its output (both streams) in {@code out}. */
    Process start(Path out, String... args) {
        List<String> command = new ArrayList<>(List.of(args));
        command.addFirst("./skiff");
        ProcessBuilder pb = new ProcessBuilder(command).directory(Repo.root().toFile())
                .redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().putAll(env());
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void ok(Repo.Result r) {
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    }

    /** {@code skiff up}, then hello (scripts/examples/hello.yaml, 3 replicas) behind a Service, rolled out. */
    void upWithHello(int nodes) {
        ok(skiff(300, "up", "--nodes", String.valueOf(nodes)));
        ok(skiff(60, "apply", "-f", "scripts/examples/hello.yaml"));
        ok(skiff(60, "expose", "deploy/hello", "--port", "80", "--target-port", "http"));
        ok(skiff(200, "rollout", "status", "deploy/hello", "--timeout", "180s"));
    }

    /** The last lines of each agent's log: what a failed suite prints, so CI's output says what the nodes saw. */
    void printAgentLogs() {
        try (var files = java.nio.file.Files.walk(home, 5)) {
            for (Path log : files.filter(p -> p.getFileName().toString().equals("agent.log")).sorted().toList()) {
                List<String> lines = java.nio.file.Files.readAllLines(log);
                System.out.println("---- " + home.relativize(log) + " (last 60 of " + lines.size() + " lines)");
                lines.subList(Math.max(0, lines.size() - 60), lines.size()).forEach(System.out::println);
            }
        } catch (IOException | UncheckedIOException e) {
            System.out.println("(no agent logs under " + home + ": " + e.getMessage() + ")");
        }
    }

    void down() {
        Repo.run(env(), 120, "./skiff", "down");
    }

    /** The running cluster's store; a cold gRPC client next to a starting skiff JVM can miss the 5 s connect probe, so retried. */
    Store connect() {
        String endpoint = LocalState.runningEndpoint(home).orElseThrow();
        for (int attempt = 1; ; attempt++) {
            try {
                return EtcdStore.connect(StoreConfig.parse(endpoint));
            } catch (StoreException.Unavailable e) {
                if (attempt == 3) throw e;
            }
        }
    }
}
