package dev.skiff.cli;

import dev.skiff.chaos.ChaosKinds;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
        name = "skiff",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Run a micro-datacenter the Kubernetes way, from one shell.",
        subcommands = {
                ApplyCommand.class,
                GetCommand.class,
                DeleteCommand.class,
                CreateCommand.class,
                DescribeCommand.class,
                LogsCommand.class,
                ExecCommand.class,
                ScaleCommand.class,
                RolloutCommand.class,
                SetCommand.class,
                EditCommand.class,
                ExplainCommand.class,
                TopCommand.class,
                DrainCommand.class,
                MetadataCommands.Label.class,
                MetadataCommands.Annotate.class,
                CordonCommands.Cordon.class,
                CordonCommands.Uncordon.class,
                ChaosCommands.class,
                ApiResourcesCommand.class,
                RunCommand.class,
                TestCommand.class,
                ServerCommand.class,
                AgentCommand.class,
                ShellCommand.class,
                CompletionCommand.class,
                ConfigCommand.class,
                LocalCommands.Up.class,
                LocalCommands.Down.class,
                LocalCommands.Status.class,
                LocalCommands.Run.class,
                ExposeCommand.class,
                HttpCommand.class,
                DemoAppCommand.class,
                VersionCommand.class,
                CommandLine.HelpCommand.class})
public final class SkiffCommand implements Runnable {
    static {
        ChaosKinds.register(); // so apply, get and delete know the chaos kinds too
    }

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--nodes", defaultValue = "3",
            description = "Node agents of the local cluster 'skiff' starts when none is up (default: ${DEFAULT-VALUE}).")
    int nodes = 3;

    /** The verbs, flags and kinds as picocli models them: what the completer and the benchmarks read. */
    public static CommandLine.Model.CommandSpec grammar() {
        return commandLine().getCommandSpec();
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SkiffCommand());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        Errors errors = new Errors();
        cl.setExecutionExceptionHandler(errors);
        cl.setParameterExceptionHandler(errors);
        cl.getSubcommands().get("run").setStopAtPositional(true); // what follows FILE.js is the script's
        return cl;
    }

    /** {@code skiff} alone opens the prompt. */
    @Override
    public void run() {
        ShellCommand shell = new ShellCommand();
        shell.cluster = new ClusterOptions();
        shell.nodes = nodes;
        shell.call();
    }
}
