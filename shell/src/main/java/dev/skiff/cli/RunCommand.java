package dev.skiff.cli;

import dev.skiff.js.JsSession;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", description = {
        "Run a JavaScript file: an ES module (import from \"skiff/…\" or relative paths, top-level await)",
        "with the script API (cluster, deploy, pods(), http, sleep, waitFor …). Arguments after FILE are",
        "the script's (args in JS). Exit 0 on success; 1 on an uncaught error, printed with file:line."})
public final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ClusterOptions cluster;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Stop the script after this long (e.g. 30s, 5m) and fail.")
    String timeout;

    @Option(names = "--allow-host-io", description = "Let the script read and write files and run processes (os.readFile, os.exec).")
    boolean allowHostIo;

    @Option(names = {"-n", "--namespace"}, description = "Namespace for calls that name none (default: the current one).")
    String namespace;

    @Parameters(index = "0", paramLabel = "FILE.js") Path file;
    @Parameters(index = "1..*", paramLabel = "ARGS") List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        if (!Files.isRegularFile(file)) throw new UserError("no script at " + file + ": give the path of a .js file");
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (ScriptHost host = new ScriptHost(cluster, allowHostIo, namespace, args, out)) {
            JsSession.Outcome outcome = host.js.runModule(file, ScriptHost.duration(timeout, "--timeout"));
            out.flush();
            switch (outcome) {
                case JsSession.Outcome.Failed f -> {
                    err.println(f.message());
                    return 1;
                }
                case JsSession.Outcome.Interrupted i -> {
                    err.println("error: " + file + " " + i.why());
                    return 1;
                }
                default -> {
                    return 0;
                }
            }
        } finally {
            err.flush();
        }
    }
}
