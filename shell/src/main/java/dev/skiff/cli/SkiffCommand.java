package dev.skiff.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
        name = "skiff",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Run a micro-datacenter the Kubernetes way, from one shell.",
        subcommands = {VersionCommand.class, CommandLine.HelpCommand.class})
public final class SkiffCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SkiffCommand());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
