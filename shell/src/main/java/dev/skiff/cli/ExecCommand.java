package dev.skiff.cli;

import dev.skiff.agent.http.AgentApiClient;
import dev.skiff.agent.http.AgentApiClient.AgentApiException;
import dev.skiff.api.Pod;
import dev.skiff.client.Client;
import dev.skiff.store.Store;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "exec", description = {"Run a command in a container of a pod, in its environment and working dir.",
        "Prints its stdout and stderr; exits with its exit code. No TTY, no stdin."})
public final class ExecCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ClusterOptions cluster;

    @Parameters(index = "0", paramLabel = "POD", description = "The pod (or pod/NAME).")
    String pod;

    @Parameters(index = "1..*", paramLabel = "CMD", description = "The command and its arguments, after --.")
    List<String> command = new ArrayList<>();

    @Option(names = {"-c", "--container"}, paramLabel = "C", description = "The container (default: the pod's first).")
    String container;

    @Option(names = {"-n", "--namespace"}, description = "Namespace (default: default).")
    String namespace;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m",
            description = "Kill the command after this long (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Override
    public Integer call() throws InterruptedException {
        if (command.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give the command after --, e.g. skiff exec " + pod + " -- ls -l");
        }
        String ns = namespace == null ? Namespaces.current() : namespace;
        String name = pod.startsWith("pod/") ? pod.substring(4) : pod.startsWith("pods/") ? pod.substring(5) : pod;
        Duration limit = LogsCommand.sinceDuration(timeout);
        try (Store store = cluster.connect()) {
            Client client = ClusterOptions.client(store);
            Pod p = client.get(Pod.class, ns, name).orElseThrow(() ->
                    new UserError("pods \"" + name + "\" not found in namespace " + ns));
            var result = AgentApiClient.forPod(client, p).exec(ns, name, container, command, limit);
            var out = spec.commandLine().getOut();
            var err = spec.commandLine().getErr();
            out.print(result.stdout());
            out.flush();
            err.print(result.stderr());
            if (result.timedOut()) err.println("error: the command did not finish within " + timeout + " and was killed");
            err.flush();
            return result.timedOut() ? 124 : result.exitCode();
        } catch (AgentApiException e) {
            throw new UserError(e.getMessage());
        }
    }
}
