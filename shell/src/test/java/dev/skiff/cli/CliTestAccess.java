package dev.skiff.cli;

import java.nio.file.Path;
import org.jline.terminal.Terminal;
import picocli.CommandLine.Model.CommandSpec;

/** Lets tests in other packages reach the CLI's package-private wiring. */
public final class CliTestAccess {
    private CliTestAccess() {}

    public static CommandSpec grammar() {
        return SkiffCommand.commandLine().getCommandSpec();
    }

    /** Runs the prompt on {@code terminal} against {@code server}, with {@code home} as SKIFF_HOME. */
    public static int prompt(Terminal terminal, String server, Path home) {
        return prompt(terminal, server, home, false);
    }

    /** The same, as {@code skiff --allow-host-io} when {@code hostIo}. */
    public static int prompt(Terminal terminal, String server, Path home, boolean hostIo) {
        ClusterOptions options = new ClusterOptions();
        options.server = server;
        SkiffHome.override(home);
        try {
            return ShellCommand.run(terminal, options, ShellCommand.contextName(options),
                    ShellCommand.Session.open(options), hostIo, () -> {});
        } finally {
            SkiffHome.override(null);
            Namespaces.use(null);
        }
    }
}
