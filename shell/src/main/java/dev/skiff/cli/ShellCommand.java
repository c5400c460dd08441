package dev.skiff.cli;

import dev.skiff.js.JsSession;
import dev.skiff.api.Node;
import dev.skiff.local.LocalCluster;
import dev.skiff.local.LocalState;
import dev.skiff.shell.ClusterCache;
import dev.skiff.shell.LazyGrammar;
import dev.skiff.shell.Notices;
import dev.skiff.shell.PendingStore;
import dev.skiff.shell.Shell;
import dev.skiff.shell.StartupTrace;
import dev.skiff.shell.StatusLine;
import dev.skiff.store.EtcdStore;
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

    @picocli.CommandLine.Option(names = "--allow-host-io",
            description = "Let JavaScript at the prompt read and write files and run processes (os.readFile, os.exec).")
    boolean allowHostIo;

    @Override
    public Integer call() {
        StartupTrace.mark("shell verb");
        boolean up = cluster.named() || LocalState.runningEndpoint(SkiffHome.dir()).isPresent();
        // the banner's read and the store connection, or the local cluster's store, come up while the terminal is made
        Session session = up ? Session.open(cluster) : null;
        Opening<LocalCluster> local = up ? null
                : new Opening<>(() -> LocalCluster.startStore(new LocalCluster.Config(SkiffHome.dir(), nodes, 0)));
        try (Terminal terminal = systemTerminal()) {
            sizeUnknownTerminals(terminal);
            StartupTrace.mark("terminal built");
            if (up) return run(terminal, cluster, contextName(cluster), session, allowHostIo, () -> {});
            return withLocalCluster(terminal, local);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the terminal", e);
        } finally {
            if (session != null) session.store().close(); // run closes it too: closing twice is harmless
            if (local != null) local.closeUnlessTaken();
        }
    }

    /**
     * What the prompt reads from the cluster as it opens. The banner's node count is one read over
     * the light client ({@link dev.skiff.store.wire.WireStore}: no jetcd), so the prompt
     * waits neither for jetcd's start nor for an informer's first list; the session's jetcd
     * connection (informers, commands, JS) is made in the background when first needed, never
     * before that read is done.
     */
    record Session(java.util.concurrent.CompletableFuture<NodesAtStart> nodesReady, PendingStore store) {
        static Session open(ClusterOptions options) {
            var nodesReady = java.util.concurrent.CompletableFuture.supplyAsync(() -> readNodesReady(options),
                    r -> Thread.ofPlatform().name("banner-read").daemon(true).start(r));
            PendingStore store = PendingStore.onDemand("store-connect", () -> {
                nodesReady.exceptionally(e -> null).join(); // one start-up at a time: the prompt's read comes first
                Store s = EtcdStore.connect(options.storeConfig()); // not connect(): that would lend the session's own store

                StartupTrace.mark("store connected (jetcd)");
                return s;
            });
            return new Session(nodesReady, store);
        }
    }

    /** The nodes as the prompt opened: the banner's "N/M nodes Ready", and whom the notices need not announce. */
    record NodesAtStart(java.util.Set<String> ready, int total) {
        String text() {
            return ready.size() + "/" + total + " nodes Ready";
        }
    }

    /** One list of the nodes over the light client. */
    static NodesAtStart readNodesReady(ClusterOptions options) {
        try (Store reads = dev.skiff.store.wire.WireStore.connect(options.storeConfig())) { // never the session's
            List<Node> nodes = ClusterOptions.client(reads).list(Node.class, null).items();
            StartupTrace.mark("banner: nodes read");
            return new NodesAtStart(nodes.stream().filter(Node::ready).map(Node::name)
                    .collect(java.util.stream.Collectors.toUnmodifiableSet()), nodes.size());
        }
    }

    /** Work started behind the prompt, unless the prompt already ended; what it keeps is closed with the prompt. */
    private static final class Later implements AutoCloseable {
        private final List<StatusLine> kept = new java.util.ArrayList<>();
        private boolean closed;

        synchronized void run(Runnable work) {
            if (!closed) work.run();
        }

        synchronized void keep(StatusLine resource) {
            kept.add(resource);
        }

        @Override
        public synchronized void close() {
            closed = true;
            kept.forEach(StatusLine::close);
        }
    }

    /** Something opened on a thread of its own; closed once open if nobody took it (the terminal failed, say). */
    private static final class Opening<T extends AutoCloseable> {
        private final java.util.concurrent.CompletableFuture<T> future;
        private volatile boolean taken;

        Opening(java.util.function.Supplier<T> open) {
            future = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                T t = open.get();
                StartupTrace.mark("opened (local store)");
                return t;
            }, r -> Thread.ofPlatform().name("opening").daemon(true).start(r));
        }

        T take() {
            taken = true;
            try {
                return future.join();
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                if (e.getCause() instanceof Error r) throw r;
                throw e;
            }
        }

        void closeUnlessTaken() {
            if (taken) return;
            future.thenAccept(resource -> {
                try {
                    resource.close();
                } catch (Exception e) {
                    // nobody is left to tell: the command already failed for another reason
                }
            });
        }
    }

    /**
     * The terminal the prompt runs on. JLine asks every provider it knows whether the streams are a
     * terminal, which starts {@code ldconfig -p} (jline-native) and {@code test -t 1} (exec) as
     * processes and loads their classes: ~0.1 s before the prompt on a quiet machine, more on a Pi.
     * Since JDK 22 the FFM provider alone answers; whatever it cannot open (not a terminal, no
     * native access) gets JLine's usual search, so nothing changes but the time. The terminal's
     * capabilities ({@code infocmp}) are read while the FFM provider sets up, and its encoding is
     * given as JLine would compute it (see {@link #encoding()}).
     */
    private static Terminal systemTerminal() throws IOException {
        prefetchCapabilities();
        if (Runtime.version().feature() >= 22) {
            try {
                return TerminalBuilder.builder().name("skiff").system(true).provider("ffm").dumb(false).encoding(encoding()).build();
            } catch (IOException | RuntimeException | LinkageError e) {
                // not a terminal FFM can open: the usual search below decides (a dumb terminal for a pipe)
            }
        }
        return TerminalBuilder.builder().name("skiff").system(true).encoding(encoding()).build();
    }

    /**
     * The encoding JLine would choose itself unless told otherwise: the JVM's default charset. Told nothing, JLine
     * looks for a charset named "ms0" or "cp0" first (a Windows code page), which no JDK charset is, so the JDK asks
     * every jar of the class path for a charset provider: all ~85 jars opened, ~0.1 s of CPU before the prompt on a
     * PC. JLine's own properties, when set, keep deciding (null: JLine computes it).
     */
    static java.nio.charset.Charset encoding() {
        if (System.getProperty(TerminalBuilder.PROP_ENCODING) != null || System.getProperty(TerminalBuilder.PROP_CODEPAGE) != null) {
            return null;
        }
        return java.nio.charset.Charset.defaultCharset();
    }

    /**
     * Starts {@code infocmp -x $TERM}, the command JLine runs (and waits for) to learn the terminal's
     * capabilities as it builds the terminal, on a thread of its own now, so the process starts and runs while the
     * terminal provider sets up. JLine reads the same output; if this run fails it runs the command itself.
     */
    private static void prefetchCapabilities() {
        String type = TerminalBuilder.builder().computeType();
        if (type == null || org.jline.utils.InfoCmp.getLoadedInfoCmp(type) != null) return;
        var caps = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                Process p = new ProcessBuilder(org.jline.utils.OSUtils.INFOCMP_COMMAND, "-x", type).start();
                return org.jline.utils.ExecHelper.waitAndCapture(p);
            } catch (IOException | RuntimeException e) {
                return null; // JLine tries again, and says what failed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }, r -> Thread.ofPlatform().name("infocmp").daemon(true).start(r));
        org.jline.utils.InfoCmp.setLoadedInfoCmp(type, caps::join);
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
    private int withLocalCluster(Terminal terminal, Opening<LocalCluster> starting) {
        terminal.writer().println("Starting a local cluster (" + nodes + " nodes, state in " + SkiffHome.dir().resolve("local") + ")…");
        terminal.writer().flush();
        try (LocalCluster local = starting.take()) {
            ClusterOptions options = new ClusterOptions();
            options.server = local.endpoint();
            // nodes join after the prompt, announced by notices
            return run(terminal, options, "local", Session.open(options), allowHostIo, local::startEngineAndAgents);
        }
    }

    /**
     * {@code session}: opening what {@code options} name, closed here; {@code hostIo}: JavaScript may use files
     * and processes; {@code afterPrompt}: started as the first prompt is drawn.
     */
    static int run(Terminal terminal, ClusterOptions options, String context, Session session, boolean hostIo,
                   Runnable afterPrompt) {
        String endpoints = options.endpoints();
        PendingStore store = session.store();
        try (store; ClusterCache cache = new ClusterCache(ClusterOptions.client(store)); Later later = new Later()) {
            ClusterOptions.useSessionStore(store, endpoints);
            java.util.concurrent.atomic.AtomicReference<Shell> prompt = new java.util.concurrent.atomic.AtomicReference<>();
            // GraalJS takes longest to start: first, in the background, so a js line typed at once finds it ready
            JsSession js = JsSession.start(new JsSession.Options(java.nio.file.Path.of("").toAbsolutePath(), hostIo,
                    line -> printAbove(terminal, prompt.get(), line), () -> cache.client(), Namespaces::current,
                    java.util.List.of(), SkiffHome.dir().resolve("init.js")));
            StartupTrace.mark("JS start issued");
            LazyGrammar grammar = new LazyGrammar(SkiffCommand::grammar);
            Shell shell = new Shell(terminal, grammar, ShellCommand::runLine, cache, new Shell.Config(SkiffHome.dir(), context,
                    Namespaces::current, Namespaces::use, () -> banner(endpoints, session.nodesReady()), ShellCommand::contextNames)).js(js).whenPrompting(afterPrompt);
            prompt.set(shell);
            Notices notices = new Notices(shell::notice, java.time.Clock.systemDefaultZone());
            // after the JS context, so they do not share the CPU with it (a command or a Tab typed before
            // starts what it needs itself): the store's connection, the watches behind completion, notices
            // and the status line, then every verb's flags for Tab and help
            js.whenReady(() -> later.run(() -> {
                StartupTrace.mark("JS ready: connecting");
                // SLF4J set up here, once, before the connection's and the informers' threads log at once: set up by
                // two threads together, it prints a three-line "SLF4J(W): ... replayed" notice over the prompt
                org.slf4j.LoggerFactory.getILoggerFactory();
                store.connectNow();
                cache.warm(WARM);
                notices.watch(cache, session.nodesReady().getNow(new NodesAtStart(java.util.Set.of(), 0)).ready());
                later.keep(StatusLine.start(shell, terminal, cache, Namespaces::current));
                grammar.buildInBackground();
            }));
            SessionFaults.open();
            try (js) {
                return shell.loop();
            } finally {
                SessionFaults.close(); // before the store closes: its faults' leases are revoked, not left to expire
            }
        } finally {
            ClusterOptions.useSessionStore(null, null);
        }
    }

    /** Cluster, nodes ready (read as the prompt opened), namespace: all true when printed. */
    static String banner(String endpoints, java.util.concurrent.CompletableFuture<NodesAtStart> nodesReady) {
        StartupTrace.mark("banner waits for nodes");
        String ready;
        try {
            ready = nodesReady.get(BANNER_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).text();
        } catch (java.util.concurrent.TimeoutException e) {
            ready = "nodes not listed yet (the store has not answered in " + BANNER_WAIT.toSeconds() + " s)";
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r; // the store is unreachable: say so, as a command would
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the nodes", e);
        }
        StartupTrace.mark("banner: nodes listed");
        return "Skiff " + VersionCommand.version() + " — cluster at " + endpoints + ", " + ready
                + ", namespace " + Namespaces.current() + ".\n"
                + "Type help for commands; Tab completes; Ctrl-R searches history; Ctrl-D leaves.";
    }

    /** How long the banner waits for the node list before drawing the prompt anyway. */
    private static final java.time.Duration BANNER_WAIT = java.time.Duration.ofSeconds(2);

    private static void printAbove(Terminal terminal, Shell shell, String line) {
        if (shell != null) {
            shell.notice(line);
        } else {
            terminal.writer().println(line);
            terminal.writer().flush();
        }
    }

    /** The prompt's cluster name: the current context's, unless --server/SKIFF_SERVER chose otherwise. */
    static String contextName(ClusterOptions options) {
        if (options.server != null || System.getenv("SKIFF_SERVER") != null) return "server";
        return Contexts.current().map(Contexts.Context::name).orElse("local");
    }

    /** The contexts' names for Tab; none while the config file cannot be read (the command itself says why). */
    private static List<String> contextNames() {
        try {
            return Contexts.load().contexts().stream().map(Contexts.Context::name).toList();
        } catch (UserError unreadable) {
            return List.of();
        }
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
