package dev.skiff.cli;

import dev.skiff.chaos.ChaosKinds;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
        name = "skiff",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT, // every verb takes -h/--help, as kubectl's do
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
        // picocli's DefaultFactory looks for Groovy (groovy.lang.Closure) as it initialises: a class no jar has,
        // so the class loader opens all ~85 jars of the class path to say so (~65 ms of a prompt's or a one-shot
        // command's start on a PC, more from a Pi's SD card). Skiff's annotations hold no Groovy closures.
        // Set here since every command line is made through this class, which initialises before picocli's factory.
        System.setProperty("picocli.disable.closures", "true");
        ChaosKinds.register(); // so apply, get and delete know the chaos kinds too
    }

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--nodes", defaultValue = "3", scope = CommandLine.ScopeType.LOCAL,
            description = "Node agents of the local cluster 'skiff' starts when none is up (default: ${DEFAULT-VALUE}).")
    int nodes = 3;

    @CommandLine.Option(names = "--allow-host-io", scope = CommandLine.ScopeType.LOCAL,
            description = "Let JavaScript at the prompt read and write files and run processes.")
    boolean allowHostIo;

    /** The verbs, flags and kinds as picocli models them: what the completer and the benchmarks read. */
    public static CommandLine.Model.CommandSpec grammar() {
        return commandLine().getCommandSpec();
    }

    static CommandLine commandLine() {
        return configured(new CommandLine(new SkiffCommand()));
    }

    /**
     * The tree {@code args} needs: a line naming one verb gets the root with only that verb, since
     * modelling all of them costs ~0.4 s of a one-shot command's cold start. Help, completion and
     * anything not a verb get the whole tree.
     */
    static CommandLine commandLine(String... args) {
        Class<?> verb = args.length == 0 ? null : Verbs.of(args[0]);
        if (verb == null) return commandLine();
        CommandLine cl = new CommandLine(new OneVerb());
        cl.addSubcommand(new CommandLine(verb));
        return configured(cl);
    }

    /**
     * {@code skiff} alone, or with only the prompt's flags, is {@code skiff shell}: said so, it gets the
     * one-verb tree instead of every verb's model (which the prompt builds later, for Tab).
     */
    static String[] prompt(String... args) {
        if (!Main.opensPrompt(args)) return args;
        String[] shell = new String[args.length + 1];
        shell[0] = "shell";
        System.arraycopy(args, 0, shell, 1, args.length);
        return shell;
    }

    /** The root of a one-verb tree: the same name, help and version options as {@link SkiffCommand}. */
    @Command(name = "skiff", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
            versionProvider = VersionCommand.Provider.class)
    static final class OneVerb implements Runnable {
        @Override
        public void run() {
            throw new IllegalStateException("a one-verb tree always runs its verb");
        }
    }

    /**
     * Verb names to their command classes, by name: loading every verb's class and reading its
     * annotations cost a one-shot command ~45 ms for one verb it uses. {@code SkiffCommandTest} checks
     * that this list says what {@link SkiffCommand}'s {@code subcommands} say (help and completion
     * get the whole tree, so they are not here).
     */
    static final class Verbs {
        private Verbs() {}

        static final java.util.Map<String, String> ONE_SHOT = java.util.Map.ofEntries(
                verb("apply", "ApplyCommand"), verb("get", "GetCommand"), verb("delete", "DeleteCommand"),
                verb("create", "CreateCommand"), verb("describe", "DescribeCommand"), verb("logs", "LogsCommand"),
                verb("exec", "ExecCommand"), verb("scale", "ScaleCommand"), verb("rollout", "RolloutCommand"),
                verb("set", "SetCommand"), verb("edit", "EditCommand"), verb("explain", "ExplainCommand"),
                verb("top", "TopCommand"), verb("drain", "DrainCommand"), verb("label", "MetadataCommands$Label"),
                verb("annotate", "MetadataCommands$Annotate"), verb("cordon", "CordonCommands$Cordon"),
                verb("uncordon", "CordonCommands$Uncordon"), verb("chaos", "ChaosCommands"),
                verb("api-resources", "ApiResourcesCommand"), verb("run", "RunCommand"), verb("test", "TestCommand"),
                verb("server", "ServerCommand"), verb("agent", "AgentCommand"), verb("shell", "ShellCommand"),
                verb("config", "ConfigCommand"), verb("up", "LocalCommands$Up"), verb("down", "LocalCommands$Down"),
                verb("status", "LocalCommands$Status"), verb("local-cluster", "LocalCommands$Run"),
                verb("expose", "ExposeCommand"), verb("http", "HttpCommand"), verb("demo-app", "DemoAppCommand"),
                verb("version", "VersionCommand"));

        private static java.util.Map.Entry<String, String> verb(String name, String simpleName) {
            return java.util.Map.entry(name, "dev.skiff.cli." + simpleName);
        }

        /** The command class of the verb {@code name}, loaded now; null when it is not a verb. */
        static Class<?> of(String name) {
            String type = ONE_SHOT.get(name);
            if (type == null) return null;
            try {
                return Class.forName(type, false, SkiffCommand.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("the verb index names a missing class: " + type, e);
            }
        }
    }

    private static CommandLine configured(CommandLine cl) {
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        Errors errors = new Errors();
        cl.setExecutionExceptionHandler(errors);
        cl.setParameterExceptionHandler(errors);
        CommandLine run = cl.getSubcommands().get("run");
        if (run != null) run.setStopAtPositional(true); // what follows FILE.js is the script's
        return cl;
    }

    /** {@code skiff} alone opens the prompt. */
    @Override
    public void run() {
        ShellCommand shell = new ShellCommand();
        shell.cluster = new ClusterOptions();
        shell.nodes = nodes;
        shell.allowHostIo = allowHostIo;
        shell.call();
    }
}
