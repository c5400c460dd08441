package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Json;
import dev.skiff.js.JsSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "test", description = {
        "Run JavaScript tests: every *.test.js under DIR (describe/it from \"skiff/test\", expect from",
        "\"skiff/assert\"). Ends with a line 'N passed, N failed'; exit 1 when any failed."})
public final class TestCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ClusterOptions cluster;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Fail a test file that runs longer than this (default: 5m).")
    String timeout = "5m";

    @Option(names = "--allow-host-io", description = "Let tests read and write files and run processes.")
    boolean allowHostIo;

    @Option(names = {"-n", "--namespace"}, description = "Namespace for calls that name none.")
    String namespace;

    @Parameters(paramLabel = "DIR|FILE", arity = "1..*") List<Path> paths = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Path> files = files();
        int passed = 0;
        int failed = 0;
        try (ScriptHost host = new ScriptHost(cluster, allowHostIo, namespace, List.of(), out)) {
            for (Path f : files) {
                out.println(f);
                out.flush();
                JsSession.Outcome loaded = host.js.runModule(f, ScriptHost.duration(timeout, "--timeout"));
                if (!(loaded instanceof JsSession.Outcome.Shown)) {
                    out.println("  ✗ " + f.getFileName() + " did not load: " + text(loaded));
                    failed++;
                    continue;
                }
                JsSession.Outcome ran = host.js.call("async () => JSON.stringify(await (await import(\"skiff/test\")).run())");
                if (ran instanceof JsSession.Outcome.Shown s) {
                    JsonNode r = Json.fromJson(s.text(), JsonNode.class);
                    passed += r.path("passed").asInt();
                    failed += r.path("failed").asInt();
                } else {
                    out.println("  ✗ running the tests of " + f.getFileName() + " failed: " + text(ran));
                    failed++;
                }
            }
        }
        out.println(passed + " passed, " + failed + " failed");
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    private static String text(JsSession.Outcome o) {
        return switch (o) {
            case JsSession.Outcome.Failed f -> f.message();
            case JsSession.Outcome.Interrupted i -> i.why();
            default -> o.toString();
        };
    }

    private List<Path> files() {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isRegularFile(p)) {
                out.add(p);
            } else if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(f -> f.getFileName().toString().matches(".*\\.test\\.m?js")).sorted().forEach(out::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else {
                throw new UserError("no tests at " + p + ": give a directory or a .test.js file");
            }
        }
        if (out.isEmpty()) throw new UserError("no *.test.js files under " + paths);
        return out;
    }
}
