package dev.skiff.cli;

import dev.skiff.js.JsSession;
import dev.skiff.local.LocalCluster;
import dev.skiff.local.LocalState;
import dev.skiff.shell.ClusterCache;
import dev.skiff.shell.Notices;
import dev.skiff.shell.Shell;
import dev.skiff.shell.StatusLine;
import dev.skiff.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The interactive prompt: what {@code skiff} with no arguments opens. */
@Command(name = "shell", description = "Open the interactive prompt (what 'skiff' alone does).")
public final class ShellCommand implements Callable<Integer> {
    @Mixin ClusterOptions cluster;

    /** Kinds the prompt lists at start so the first Tab already has names. */
    private static final List<String> WARM = List.of("namespaces", "nodes", "pods", "deployments", "services");

    @picocli.CommandLine.Option(names = "--nodes", defaultValue = "3",
            description = "Node agents of the local cluster started when no cluster is up (default: ${DEFAULT-VALUE}).")
    int nodes = 3;

    @Override
    public Integer call() {
        try (Terminal terminal = TerminalBuilder.builder().name("skiff").system(true).build()) {
            sizeUnknownTerminals(terminal);
            if (cluster.named() || LocalState.runningEndpoint(SkiffHome.dir()).isPresent()) return run(terminal, cluster);
            return withLocalCluster(terminal);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the terminal", e);
        }
    }

    /**
     * A serial console (a Pi's UART) or a pty opened without a size reports 0 columns, and JLine
     * then squeezes the prompt to nothing: assume 80x24 there, as {@code stty} would be told to.
     */
    private static void sizeUnknownTerminals(Terminal terminal) {
        if (terminal.getWidth() > 0) return;
        terminal.setSize(new org.jline.terminal.Size(80, terminal.getHeight() > 0 ? terminal.getHeight() : 24));
    }

    /** No cluster named or running: host one for as long as the prompt is open. */
    private int withLocalCluster(Terminal terminal) {
        terminal.writer().println("Starting a local cluster (" + nodes + " nodes, state in " + SkiffHome.dir().resolve("local") + ")…");
        terminal.writer().flush();
        try (LocalCluster local = LocalCluster.start(new LocalCluster.Config(SkiffHome.dir(), nodes, 0))) {
            ClusterOptions options = new ClusterOptions();
            options.server = local.endpoint();
            return run(terminal, options, "local");
        }
    }

    /** Runs the prompt on {@code terminal} against the cluster {@code options} name. */
    static int run(Terminal terminal, ClusterOptions options) {
        return run(terminal, options, contextName(options));
    }

    static int run(Terminal terminal, ClusterOptions options, String context) {
        String endpoints = options.endpoints();
        try (Store store = options.connect(); ClusterCache cache = new ClusterCache(ClusterOptions.client(store))) {
            ClusterOptions.useSessionStore(store, endpoints);
            cache.warm(WARM);
            String banner = "Skiff " + VersionCommand.version() + " — cluster at " + endpoints
                    + ", namespace " + Namespaces.current() + ".\n"
                    + "Type help for commands; Tab completes; Ctrl-R searches history; Ctrl-D leaves.";
            java.util.concurrent.atomic.AtomicReference<Shell> prompt = new java.util.concurrent.atomic.AtomicReference<>();
            // created now, in the background: by the time the first js line is typed it is ready
            JsSession js = JsSession.start(new JsSession.Options(java.nio.file.Path.of("").toAbsolutePath(), false,
                    line -> printAbove(terminal, prompt.get(), line), () -> cache.client(), Namespaces::current,
                    java.util.List.of(), SkiffHome.dir().resolve("init.js")));
            Shell shell = new Shell(terminal, SkiffCommand.commandLine().getCommandSpec(), ShellCommand::runLine, cache,
                    new Shell.Config(SkiffHome.dir(), context, Namespaces::current, Namespaces::use, banner)).js(js);
            prompt.set(shell);
            new Notices(shell::notice, java.time.Clock.systemDefaultZone()).watch(cache);
            try (js; StatusLine status = StatusLine.start(terminal, cache, Namespaces::current)) {
                return shell.loop();
            }
        } finally {
            ClusterOptions.useSessionStore(null, null);
        }
    }

    private static void printAbove(Terminal terminal, Shell shell, String line) {
        if (shell != null) {
            shell.notice(line);
        } else {
            terminal.writer().println(line);
            terminal.writer().flush();
        }
    }

    /** The prompt's cluster name: the current context's, unless --server/SKIFF_SERVER chose otherwise. */
    private static String contextName(ClusterOptions options) {
        if (options.server != null || System.getenv("SKIFF_SERVER") != null) return "server";
        return Contexts.current().map(Contexts.Context::name).orElse("local");
    }

    /** One line at the prompt: a fresh command tree (so no option leaks between lines). */
    static int runLine(List<String> words, PrintWriter out, PrintWriter err) {
        CommandLine cl = SkiffCommand.commandLine(words.toArray(String[]::new));
        cl.setOut(out);
        cl.setErr(err);
        int code = cl.execute(words.toArray(String[]::new));
        out.flush();
        return code;
    }

}
