package dev.skiff.cli;

import dev.skiff.agent.http.AgentApiClient;
import dev.skiff.agent.http.AgentApiClient.AgentApiException;
import dev.skiff.agent.http.AgentApiClient.LogQuery;
import dev.skiff.api.LabelSelector;
import dev.skiff.api.Pod;
import dev.skiff.client.Client;
import dev.skiff.store.Store;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", description = {"Print the logs of a container in a pod (from the node agent that runs it).",
        "With -f, follow until the container exits or Ctrl-C."})
public final class LogsCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ClusterOptions cluster;

    @Parameters(index = "0", arity = "0..1", paramLabel = "POD", description = "The pod (or pod/NAME); omit with -l.")
    String pod;

    @Option(names = {"-c", "--container"}, paramLabel = "C", description = "The container (default: the pod's first).")
    String container;

    @Option(names = {"-f", "--follow"}, description = "Stream new lines as they are written.")
    boolean follow;

    @Option(names = "--tail", paramLabel = "N", defaultValue = "-1", description = "Only the last N lines (default: all).")
    int tail;

    @Option(names = "--since", paramLabel = "DURATION", description = "Only lines newer than this, e.g. 30s, 5m, 1h.")
    String since;

    @Option(names = {"-p", "--previous"}, description = "The logs of the previous run of the container (after a restart).")
    boolean previous;

    @Option(names = "--timestamps", description = "Start each line with the time it was written.")
    boolean timestamps;

    @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR", description = "Every pod matching the labels, e.g. app=web.")
    String selector;

    @Option(names = {"-n", "--namespace"}, description = "Namespace (default: default).")
    String namespace;

    @Override
    public Integer call() {
        try {
            return run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130; // Ctrl-C: as a shell reports SIGINT
        }
    }

    private Integer run() throws InterruptedException {
        if ((pod == null) == (selector == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give a POD or -l SELECTOR (one of them)");
        }
        String ns = namespace == null ? Namespaces.current() : namespace;
        var query = new LogQuery(container, follow, tail < 0 ? null : tail, since == null ? null
                : Instant.now().minus(sinceDuration(since)), previous, timestamps);
        PrintWriter out = spec.commandLine().getOut();
        try (Store store = cluster.connect()) {
            Client client = ClusterOptions.client(store);
            List<Pod> pods = pods(client, ns);
            if (pods.size() == 1) {
                stream(client, pods.getFirst(), query, out, "");
            } else {
                streamAll(client, pods, query, out);
            }
        } catch (AgentApiException e) {
            throw new UserError(e.getMessage());
        }
        return 0;
    }

    private List<Pod> pods(Client client, String ns) {
        if (pod != null) {
            String name = pod.startsWith("pod/") ? pod.substring(4) : pod.startsWith("pods/") ? pod.substring(5) : pod;
            return List.of(client.get(Pod.class, ns, name).orElseThrow(() ->
                    new UserError("pods \"" + name + "\" not found in namespace " + ns)));
        }
        var found = client.list(Pod.class, ns, LabelSelector.parse(selector)).items();
        if (found.isEmpty()) throw new UserError("no pods in namespace " + ns + " match " + selector);
        return found;
    }

    private void stream(Client client, Pod p, LogQuery query, PrintWriter out, String prefix) throws InterruptedException {
        var c = query.container();
        if (c == null && p.spec().containers().size() > 1 && prefix.isEmpty()) {
            var names = p.spec().containers().stream().map(x -> x.name()).toList();
            spec.commandLine().getErr().println("Defaulted container \"" + names.getFirst() + "\" out of: "
                    + String.join(", ", names));
            spec.commandLine().getErr().flush();
        }
        AgentApiClient.forPod(client, p).logs(p.namespace(), p.name(), query, line -> {
            synchronized (out) {
                out.println(prefix + line);
                out.flush();
            }
        });
    }

    /** Several pods (-l): each line starts with [pod/NAME/CONTAINER]; with -f they stream side by side. */
    private void streamAll(Client client, List<Pod> pods, LogQuery query, PrintWriter out) throws InterruptedException {
        var threads = new ArrayList<Thread>();
        var failures = new ArrayList<String>();
        for (Pod p : pods) {
            var c = query.container() != null ? query.container() : p.spec().containers().getFirst().name();
            var prefix = "[pod/" + p.name() + "/" + c + "] ";
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    stream(client, p, query, out, prefix);
                } catch (AgentApiException | InterruptedException e) {
                    synchronized (failures) {
                        failures.add(p.name() + ": " + e.getMessage());
                    }
                }
            }));
            if (!query.follow()) threads.getLast().join(); // one pod after another, in order
        }
        try {
            for (var t : threads) t.join();
        } catch (InterruptedException e) {
            threads.forEach(Thread::interrupt);
            throw e;
        }
        for (var f : failures) spec.commandLine().getErr().println("error: " + f);
    }

    static Duration sinceDuration(String text) {
        var t = text.trim().toLowerCase();
        if (t.endsWith("h")) {
            try {
                return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
            } catch (NumberFormatException e) {
                throw new UserError("--since: \"" + text + "\" is not a duration (e.g. 30s, 5m, 1h)");
            }
        }
        return AgentCommand.duration("--since", text);
    }
}
