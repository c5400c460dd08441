package dev.skiff.cli;

import dev.skiff.api.Json;
import dev.skiff.chaos.Fault;
import dev.skiff.chaos.ChaosLease;
import dev.skiff.client.Client;
import dev.skiff.scenario.Journal;
import dev.skiff.scenario.RunControl;
import dev.skiff.scenario.Scenario;
import dev.skiff.scenario.ScenarioParser;
import dev.skiff.scenario.ScenarioRunner;
import dev.skiff.scenario.Step;
import dev.skiff.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skiff chaos run FILE}: a scenario in Chaos Toolkit's shape, run by the one scenario runner. */
@Command(name = "run", description = {"Run a scenario (YAML or JSON, Chaos Toolkit's shape): steady-state hypothesis,",
        "method, rollbacks. Exit 0 when completed and the hypothesis held, 1 otherwise."})
final class ChaosRunCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ClusterOptions cluster;
    @Parameters(paramLabel = "FILE") Path file;
    @Option(names = "--journal", paramLabel = "FILE", description = "Write the journal (JSON) here.") Path journal;
    @Option(names = "--dry-run", description = "Validate, and preview the targets of every fault step; change nothing.")
    boolean dryRun;
    @Option(names = {"-n", "--namespace"}, description = "Where steps that name no namespace act.") String namespace;

    @Override
    public Integer call() throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": no such file");
        }
        String ns = namespace == null ? Namespaces.current() : namespace;
        Scenario scenario = ScenarioParser.parse(text, file.toString(), ns, null);
        PrintWriter out = spec.commandLine().getOut();
        try (Store store = cluster.connect()) {
            Client client = ClusterOptions.client(store);
            if (dryRun) return dryRun(client, scenario, out);
            Journal j = run(client, scenario, out);
            if (journal != null) {
                Files.writeString(journal, Json.toPrettyJson(j) + "\n");
                out.println("journal: " + journal);
            }
            out.flush();
            return j.succeeded() ? 0 : 1;
        }
    }

    /** Runs with Ctrl-C (SIGINT/SIGTERM) turned into an interrupted run whose rollbacks still run. */
    static Journal run(Client client, Scenario scenario, PrintWriter out) {
        RunControl control = new RunControl();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            control.stop(Journal.INTERRUPTED, "interrupted (Ctrl-C)");
            try {
                finished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            ScenarioRunner runner = new ScenarioRunner(client, Clock.systemUTC(), line -> {
                out.println(line);
                out.flush();
            }, ChaosLease.DEFAULT_TTL);
            return runner.run(scenario, control);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it has what it waited for
            }
        }
    }

    static int dryRun(Client client, Scenario scenario, PrintWriter out) {
        out.println("scenario \"" + scenario.title() + "\" is valid: " + scenario.hypothesis().size() + " hypothesis probes, "
                + scenario.method().size() + " method steps, " + scenario.rollbacks().size() + " rollbacks");
        List<Step> steps = new ArrayList<>(scenario.method());
        steps.addAll(scenario.rollbacks());
        int code = 0;
        for (Step s : steps) {
            if (!(s instanceof Step.FaultAction f)) continue;
            out.print("step \"" + s.name() + "\": ");
            Fault fault = f.fault();
            code = Math.max(code, ChaosCommands.preview(client, fault.withMetadata(fault.metadata().withName("preview")), out));
        }
        out.println("nothing changed (dry run)");
        return code;
    }
}
