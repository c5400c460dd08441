package dev.skiff.shell;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import dev.skiff.js.JsSession;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;

/**
 * The prompt: reads lines with completion, highlighting and history, expands aliases and
 * {@code $N}, handles the prompt's own words (use, help, alias, exit) and runs everything else as
 * the same commands the one-shot CLI has. Ctrl-C cancels the running command; Ctrl-D leaves.
 * {@code js} switches to JavaScript ({@code js>}) until {@code .exit} or Ctrl-D; {@code js EXPR}
 * evaluates one expression.
 */
public final class Shell {

    /** Runs one command line (already split into words); returns its exit code. */
    @FunctionalInterface
    public interface Runner {
        int run(List<String> words, PrintWriter out, PrintWriter err);
    }

    /**
     * @param home       where history and aliases live
     * @param context    the cluster's name in the prompt
     * @param namespace  the current namespace
     * @param use        switches the current namespace
     * @param banner     printed once at start, just before the first prompt (null: none)
     * @param contexts   the contexts' names, for Tab after {@code config use-context}
     */
    public record Config(Path home, String context, Supplier<String> namespace, Consumer<String> use, Supplier<String> banner,
                         Supplier<List<String>> contexts) {}

    private final Terminal terminal;
    private final LazyGrammar grammar;
    private final Runner runner;
    private final ClusterCache cache;
    private final Config config;
    private final Aliases aliases;
    private final LineReader reader;
    private volatile JsSession js;
    private volatile boolean jsMode;
    private volatile Runnable firstPrompt;
    /** What {@link #whileReading} runs next, inside the line reader's lock (the widget below). */
    private Runnable whileReading;
    private static final String WHILE_READING = "skiff-while-reading";

    public Shell(Terminal terminal, LazyGrammar grammar, Runner runner, ClusterCache cache, Config config) {
        this.terminal = terminal;
        this.grammar = grammar;
        this.runner = runner;
        this.cache = cache;
        this.config = config;
        this.aliases = new Aliases(config.home().resolve("aliases"));
        SkiffCompleter completer = new SkiffCompleter(grammar, cache, config.namespace(), aliases::all, config.contexts());
        JsCompleter jsCompleter = new JsCompleter(() -> js, cache, config.namespace());
        SkiffHighlighter highlighter = new SkiffHighlighter(completer, cache, config.namespace());
        JsHighlighter jsHighlighter = new JsHighlighter();
        DefaultParser parser = new DefaultParser();
        parser.setEscapeChars(new char[] {'\\'});
        // multi-line input as in bash: a trailing backslash or an open quote continues on the next line
        parser.setEofOnEscapedNewLine(true);
        parser.setEofOnUnclosedQuote(true);
        this.reader = LineReaderBuilder.builder()
                .appName("skiff")
                .terminal(terminal)
                .completer((r, line, out) -> (jsMode ? jsCompleter : completer).complete(r, line, out))
                .highlighter(new ModalHighlighter(() -> jsMode ? jsHighlighter : highlighter))
                .parser(new ModalParser(parser, () -> jsMode, code -> js != null && js.isIncomplete(code)))
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "%M> ")
                .variable(LineReader.HISTORY_FILE, config.home().resolve("history"))
                .variable(LineReader.HISTORY_FILE_SIZE, 10_000)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.HISTORY_IGNORE_DUPS, true)
                .build();
        reader.getWidgets().put(WHILE_READING, () -> {
            whileReading.run();
            return true;
        });
        StartupTrace.mark("LineReader built");
    }

    /** The session's JavaScript host (started in the background by whoever opens the prompt). */
    public Shell js(JsSession session) {
        this.js = session;
        return this;
    }

    /** Runs {@code then} once, on its own thread, as the first prompt is drawn (work the prompt need not wait for). */
    public Shell whenPrompting(Runnable then) {
        this.firstPrompt = then;
        return this;
    }

    private void runFirstPrompt() {
        try {
            firstPrompt.run();
        } catch (RuntimeException e) {
            notice("error: " + e.getMessage());
        }
    }

    public LineReader reader() {
        return reader;
    }

    /** Prints above the line being typed, without garbling it (safe from any thread). */
    public void notice(String message) {
        reader.printAbove(message);
    }

    /**
     * Runs {@code action} (which writes to the terminal) inside the line reader's lock while a line is being
     * read, so it never interleaves with the line being redrawn; false, and nothing run, when no line is being
     * read (a command is running and its output owns the screen).
     */
    public synchronized boolean whileReading(Runnable action) {
        whileReading = action;
        try {
            reader.callWidget(WHILE_READING);
            return true;
        } catch (IllegalStateException notReading) {
            return false;
        } finally {
            whileReading = null;
        }
    }

    public String prompt() {
        return "skiff(" + config.context() + ":" + config.namespace().get() + ")> ";
    }

    /** Reads and runs lines until Ctrl-D or {@code exit}; returns the exit code to leave with. */
    public int loop() {
        PrintWriter out = terminal.writer();
        if (config.banner() != null) out.println(config.banner().get());
        out.flush();
        StartupTrace.mark("banner printed");
        if (firstPrompt != null) Thread.ofVirtual().name("first-prompt").start(this::runFirstPrompt);
        boolean first = true;
        while (true) {
            String line;
            try {
                if (first) {
                    StartupTrace.mark("prompt drawn (readLine)");
                    StartupTrace.cpu("the prompt");
                }
                first = false;
                line = reader.readLine(prompt());
            } catch (UserInterruptException e) {
                continue; // Ctrl-C on the prompt clears the line
            } catch (EndOfFileException e) {
                StartupTrace.report(System.err);
                return 0;
            }
            ParsedLine parsed = reader.getParsedLine();
            List<String> words = new ArrayList<>(parsed == null ? List.of() : parsed.words());
            words.removeIf(String::isEmpty);
            if (words.isEmpty()) continue;
            if (words.getFirst().equals("exit") || words.getFirst().equals("quit")) return 0;
            if (words.getFirst().equals("js")) {
                String code = line.strip().substring(2).strip();
                if (code.isEmpty()) jsLoop(out);
                else evalJs(code, out);
                continue;
            }
            execute(words, out);
        }
    }

    /** One line: a prompt built-in, or a command run on its own thread so Ctrl-C can cancel it. */
    void execute(List<String> typed, PrintWriter out) {
        List<String> words;
        try {
            words = LineExpander.expand(typed, aliases.all(), Rows.last());
        } catch (IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
            out.flush();
            return;
        }
        if (builtIn(words, out)) {
            out.flush();
            return;
        }
        runCancellable(words, out);
    }

    private boolean builtIn(List<String> words, PrintWriter out) {
        switch (words.getFirst()) {
            case "use" -> {
                if (words.size() != 2) {
                    out.println("usage: use NAMESPACE");
                } else {
                    if (!cache.namespaces().isEmpty() && !cache.namespaces().contains(words.get(1))) {
                        out.println("warning: namespace \"" + words.get(1) + "\" does not exist (yet)");
                    }
                    config.use().accept(words.get(1));
                    out.println("now in namespace " + words.get(1));
                }
                return true;
            }
            case "alias" -> {
                alias(words, out);
                return true;
            }
            case "unalias" -> {
                for (String name : words.subList(1, words.size())) {
                    if (!aliases.remove(name)) out.println("error: no alias \"" + name + "\"");
                }
                return true;
            }
            case "help" -> {
                help(words, out);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private void alias(List<String> words, PrintWriter out) {
        if (words.size() == 1) {
            aliases.all().forEach((k, v) -> out.println("alias " + k + "=" + v));
            return;
        }
        String joined = String.join(" ", words.subList(1, words.size()));
        int eq = joined.indexOf('=');
        if (eq <= 0) {
            out.println("usage: alias NAME=COMMAND WORDS   (e.g. alias pods=get pods -o wide)");
            return;
        }
        try {
            aliases.set(joined.substring(0, eq).trim(), joined.substring(eq + 1).trim());
        } catch (IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
        }
    }

    private void help(List<String> words, PrintWriter out) {
        if (words.size() > 1 && grammar.get().subcommands().containsKey(words.get(1))) {
            runCancellable(List.of(words.get(1), "--help"), out);
            return;
        }
        out.println("Commands (Tab completes verbs, kinds, names, flags; 'help VERB' for one):");
        grammar.get().subcommands().forEach((name, cl) -> {
            String[] d = cl.getCommandSpec().usageMessage().description();
            out.printf("  %-12s %s%n", name, d.length == 0 ? "" : d[0]);
        });
        out.println("At the prompt:");
        out.printf("  %-12s %s%n", "use NS", "switch the current namespace");
        out.printf("  %-12s %s%n", "alias N=CMD", "define an alias (alias alone lists them)");
        out.printf("  %-12s %s%n", "$1, $2 …", "the rows of the last listing, in the next command");
        out.printf("  %-12s %s%n", "js [EXPR]", "JavaScript: js alone switches to js> (.exit or Ctrl-D back); js EXPR runs one");
        out.printf("  %-12s %s%n", "Ctrl-R", "search history;  Ctrl-C cancels a command;  Ctrl-D leaves");
    }

    private void runCancellable(List<String> words, PrintWriter out) {
        Thread command = Thread.ofVirtual().name("command").unstarted(() -> runner.run(words, out, out));
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, s -> command.interrupt());
        try {
            command.start();
            command.join();
        } catch (InterruptedException e) {
            command.interrupt();
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
            out.flush();
        }
    }

    /** The js> prompt: lines of JavaScript until .exit or Ctrl-D. */
    private void jsLoop(PrintWriter out) {
        if (js == null) {
            out.println("JavaScript is not available in this session");
            out.flush();
            return;
        }
        out.println("JavaScript (GraalJS). .exit or Ctrl-D goes back; Ctrl-C stops a running script.");
        out.flush();
        jsMode = true;
        try {
            while (true) {
                String code;
                try {
                    code = reader.readLine("js> ");
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    return;
                }
                if (code.strip().equals(".exit")) return;
                if (!code.isBlank()) evalJs(code, out);
            }
        } finally {
            jsMode = false;
        }
    }

    /** Runs JS; Ctrl-C interrupts it and leaves the context usable. */
    private void evalJs(String code, PrintWriter out) {
        if (js == null) {
            out.println("JavaScript is not available in this session");
            out.flush();
            return;
        }
        JsSession session = js;
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, s -> session.interrupt());
        try {
            switch (session.eval(code)) {
                case JsSession.Outcome.Shown s -> {
                    if (!s.text().isEmpty()) out.println(s.text());
                }
                case JsSession.Outcome.Failed f -> out.println(f.message());
                case JsSession.Outcome.Interrupted i -> out.println("^C " + i.why());
                case JsSession.Outcome.Incomplete i -> out.println("SyntaxError: the input ended too early");
            }
        } catch (IllegalStateException e) {
            out.println("error: " + e.getMessage());
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
            out.flush();
        }
    }
}
