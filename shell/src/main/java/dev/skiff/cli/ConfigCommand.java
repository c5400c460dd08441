package dev.skiff.cli;

import dev.skiff.output.Table;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "config", description = "Manage contexts: which cluster and namespace commands talk to.",
        subcommands = {ConfigCommand.GetContexts.class, ConfigCommand.UseContext.class, ConfigCommand.SetContext.class,
                ConfigCommand.CurrentContext.class, ConfigCommand.DeleteContext.class})
public final class ConfigCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "get-contexts", description = "List the contexts; * marks the current one.")
    static final class GetContexts implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Contexts.File f = Contexts.load();
            Table t = new Table(List.of("CURRENT", "NAME", "SERVER", "NAMESPACE"));
            for (Contexts.Context c : f.contexts()) {
                t.row(List.of(c.name().equals(f.currentContext()) ? "*" : "", c.name(),
                        c.server() == null ? "" : c.server(), c.namespace() == null ? "default" : c.namespace()));
            }
            spec.commandLine().getOut().print(t.render(true));
            return 0;
        }
    }

    @Command(name = "use-context", description = "Make NAME the current context.")
    static final class UseContext implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            Contexts.File f = Contexts.load();
            Contexts.Context chosen = f.contexts().stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
            if (chosen == null) {
                throw new UserError("no context named \"" + name + "\" (see 'skiff config get-contexts'; "
                        + "create one with 'skiff config set-context " + name + " --server HOST:PORT')");
            }
            Contexts.save(new Contexts.File(name, f.contexts()));
            var out = spec.commandLine().getOut();
            out.println("Switched to context \"" + name + "\".");
            String session = ClusterOptions.sessionEndpoints();
            String server = chosen.server();
            if (session != null && server != null && !server.equals(session)) {
                // the prompt's caches, watches and notices follow one cluster; reconnecting them all is a new session
                out.println("This prompt stays on " + session + "; new prompts and one-shot commands use " + server
                        + " (leave with Ctrl-D and run skiff again to work there).");
            }
            return 0;
        }
    }

    @Command(name = "set-context", description = "Create or change a context (--current: the current one).")
    static final class SetContext implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @Parameters(paramLabel = "NAME", arity = "0..1") String name;
        @Option(names = "--current", description = "Change the current context.") boolean current;
        @Option(names = {"-s", "--server"}, paramLabel = "ENDPOINTS") String server;
        @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE") String namespace;

        @Override
        public Integer call() {
            Contexts.File f = Contexts.load();
            String target = current ? f.currentContext() : name;
            if (target == null) {
                throw new UserError(current ? "there is no current context: name one ('skiff config set-context NAME …')"
                        : "give a context NAME, or --current");
            }
            boolean created = f.contexts().stream().noneMatch(c -> c.name().equals(target));
            Contexts.File next = Contexts.upsert(f, new Contexts.Context(target, server, namespace));
            if (next.currentContext() == null) next = new Contexts.File(target, next.contexts());
            Contexts.save(next);
            spec.commandLine().getOut().println("Context \"" + target + "\" " + (created ? "created" : "modified") + ".");
            return 0;
        }
    }

    @Command(name = "current-context", description = "Print the current context.")
    static final class CurrentContext implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            String c = Contexts.load().currentContext();
            if (c == null) throw new UserError("current-context is not set");
            spec.commandLine().getOut().println(c);
            return 0;
        }
    }

    @Command(name = "delete-context", description = "Delete a context.")
    static final class DeleteContext implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            Contexts.File f = Contexts.load();
            List<Contexts.Context> rest = f.contexts().stream().filter(c -> !c.name().equals(name)).toList();
            if (rest.size() == f.contexts().size()) throw new UserError("no context named \"" + name + "\"");
            Contexts.save(new Contexts.File(name.equals(f.currentContext()) ? null : f.currentContext(), rest));
            spec.commandLine().getOut().println("deleted context " + name);
            return 0;
        }
    }
}
