package dev.skiff.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
        name = "skiff",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Run a micro-datacenter the Kubernetes way, from one shell.",
        subcommands = {ApplyCommand.class, GetCommand.class, DeleteCommand.class, ServerCommand.class, AgentCommand.class, VersionCommand.class,
                CommandLine.HelpCommand.class})
public final class SkiffCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SkiffCommand());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        Errors errors = new Errors();
        cl.setExecutionExceptionHandler(errors);
        cl.setParameterExceptionHandler(errors);
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
