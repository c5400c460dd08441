package dev.skiff.js;

import dev.skiff.client.Client;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * One JavaScript session: a GraalJS context on its own thread, created in the background as soon
 * as the session starts so the prompt never waits for it. Everything the context does happens on
 * that thread (see {@link EventLoop}); callers post work and wait for an {@link Outcome}.
 * Only this package touches GraalJS.
 */
public final class JsSession implements AutoCloseable {

    /**
     * @param workDir     where relative paths (load, imports, host files) start
     * @param allowHostIo lets scripts read and write any file and run processes
     * @param out         where console.log and print go, line by line
     * @param client      the cluster, connected on first use (scripts that never touch it never connect)
     * @param namespace   the namespace calls use when they name none
     * @param args        the script's arguments ({@code args} in JS)
     * @param init        a script run once the context is up ($SKIFF_HOME/init.js), or null
     */
    public record Options(Path workDir, boolean allowHostIo, Consumer<String> out, Supplier<Client> client,
                          Supplier<String> namespace, List<String> args, Path init) {}

    /** What evaluating something came to. */
    public sealed interface Outcome {
        /** A value, already rendered for display ("" for undefined). */
        record Shown(String text) implements Outcome {}

        /** An uncaught error: its message and JS stack (file:line). */
        record Failed(String message) implements Outcome {}

        /** The input is not finished yet (an open bracket, string or block): read another line. */
        record Incomplete() implements Outcome {}

        /** Ctrl-C (or a timeout) stopped it. */
        record Interrupted(String why) implements Outcome {}
    }

    private static final Pattern DECLARED = Pattern.compile("\\b(?:const|let|var|function|class)\\s+([A-Za-z_$][\\w$]*)");

    private final Options options;
    private final EventLoop loop = new EventLoop();
    private final HostApi host;
    private final CompletableFuture<Context> ready = new CompletableFuture<>();
    private final Set<String> declared = ConcurrentHashMap.newKeySet();
    private volatile CompletableFuture<Outcome> pending;
    private Value show;
    private Value completions;
    private final long startedNanos = System.nanoTime();
    private volatile long readyNanos;

    private JsSession(Options options) {
        this.options = options;
        this.host = new HostApi(options, loop);
    }

    /** Starts creating the context in the background and returns at once. */
    public static JsSession start(Options options) {
        JsSession s = new JsSession(options);
        Thread t = new Thread(s::run, "js");
        t.setDaemon(true);
        t.start();
        return s;
    }

    private void run() {
        Context context;
        try {
            context = create();
        } catch (RuntimeException e) {
            ready.completeExceptionally(e);
            return;
        }
        readyNanos = System.nanoTime();
        ready.complete(context);
        loop.run(e -> options.out().accept("error in a background callback: " + describe(e)));
        context.close(true);
    }

    private Context create() {
        IOAccess io = IOAccess.newBuilder()
                .fileSystem(new ScriptFileSystem(options.allowHostIo(), options.workDir()))
                .allowHostSocketAccess(options.allowHostIo())
                .build();
        Context context = Context.newBuilder("js")
                .allowHostAccess(HostAccess.EXPLICIT)
                .allowHostClassLookup(name -> false)
                .allowCreateThread(false)
                .allowNativeAccess(false)
                .allowCreateProcess(false)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .allowIO(io)
                .allowExperimentalOptions(true)
                .option("engine.WarnInterpreterOnly", "false")
                .option("js.ecmascript-version", "latest")
                .out(new LineSink(options.out()))
                .err(new LineSink(options.out()))
                .build();
        context.getBindings("js").putMember("__host", host);
        context.eval(Source.newBuilder("js", resource("prelude.js"), "skiff:prelude.js").buildLiteral());
        Value bindings = context.getBindings("js");
        show = bindings.getMember("__show");
        completions = bindings.getMember("__completions");
        bindings.removeMember("__show");
        bindings.removeMember("__completions");
        if (options.init() != null && Files.isRegularFile(options.init())) {
            try {
                context.eval(Source.newBuilder("js", options.init().toFile()).build());
            } catch (PolyglotException e) {
                options.out().accept("error in " + options.init() + ": " + describe(e));
            } catch (IOException e) {
                options.out().accept("cannot read " + options.init() + ": " + e.getMessage());
            }
        }
        return context;
    }

    private static String resource(String name) {
        try (InputStream in = JsSession.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the context (only the first evaluation ever waits); fails if it could not be created. */
    private Context context() {
        try {
            return ready.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the JavaScript engine started");
        } catch (ExecutionException e) {
            throw new IllegalStateException("the JavaScript engine failed to start: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Runs {@code then} once the context is up (or failed to come up), on the thread that made it. */
    public void whenReady(Runnable then) {
        ready.whenComplete((context, failure) -> then.run());
    }

    public boolean isReady() {
        return ready.isDone() && !ready.isCompletedExceptionally();
    }

    /** "Interpreted" on a stock JDK; the compiler's name when the Graal compiler is in use. */
    public String engineName() {
        return context().getEngine().getImplementationName();
    }

    /** How long the context took to come up, from {@link #start}; waits for it. */
    public Duration startupTime() {
        context();
        return Duration.ofNanos(readyNanos - startedNanos);
    }

    /** Evaluates a line (or lines) typed at the prompt; a Promise result is awaited. */
    public Outcome eval(String code) {
        return await(done -> evalOnLoop(code, done), null);
    }

    /** Runs a script file as an ES module (imports, top-level await); Promise of its completion. */
    public Outcome runModule(Path file, Duration timeout) {
        Path abs = file.toAbsolutePath().normalize();
        return await(done -> {
            Value p = context().eval("js", "import(" + jsString(abs.toString()) + ")");
            settle(p, done, false);
        }, timeout);
    }

    /** Calls {@code fn} (a JS expression yielding a function) with no arguments and awaits its result. */
    public Outcome call(String expression) {
        return await(done -> settle(context().eval("js", "(" + expression + ")()"), done, true), null);
    }

    private Outcome await(Consumer<CompletableFuture<Outcome>> work, Duration timeout) {
        Context context = context();
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        pending = done;
        loop.post(() -> {
            try {
                work.accept(done);
            } catch (PolyglotException e) {
                done.complete(e.isInterrupted() || e.isCancelled() ? new Outcome.Interrupted("interrupted")
                        : new Outcome.Failed(describe(e)));
            }
        });
        try {
            return timeout == null ? done.get() : done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            stop(context, "timed out after " + timeout.toSeconds() + "s");
            return new Outcome.Interrupted("timed out after " + timeout.toSeconds() + "s");
        } catch (InterruptedException e) {
            stop(context, "interrupted");
            Thread.currentThread().interrupt();
            return new Outcome.Interrupted("interrupted");
        } catch (ExecutionException e) {
            return new Outcome.Failed(String.valueOf(e.getCause()));
        } finally {
            pending = null;
        }
    }

    private void evalOnLoop(String code, CompletableFuture<Outcome> done) {
        Context context = context();
        Value v;
        try {
            v = context.eval(Source.newBuilder("js", code, "<prompt>").buildLiteral());
        } catch (PolyglotException e) {
            String awaitable = TopLevelAwait.staticImports(code);
            if (e.isSyntaxError() && TopLevelAwait.needs(e.getMessage(), awaitable)) {
                v = evalAwaiting(context, awaitable, e);
            } else {
                throw e;
            }
        }
        remember(code);
        settle(v, done, true);
    }

    /** {@code code} run as an async function; a syntax error there is the user's: {@code original} says where. */
    private static Value evalAwaiting(Context context, String code, PolyglotException original) {
        try {
            return context.eval(Source.newBuilder("js", TopLevelAwait.wrap(code, true), "<prompt>").buildLiteral());
        } catch (PolyglotException e) {
            if (!e.isSyntaxError()) throw e;
        }
        try {
            return context.eval(Source.newBuilder("js", TopLevelAwait.wrap(code, false), "<prompt>").buildLiteral());
        } catch (PolyglotException e) {
            throw e.isSyntaxError() ? original : e;
        }
    }

    private void remember(String code) {
        Matcher m = DECLARED.matcher(code);
        while (m.find()) declared.add(m.group(1));
    }

    /** Completes {@code done} with {@code v}, or with what the Promise {@code v} settles to. */
    private void settle(Value v, CompletableFuture<Outcome> done, boolean display) {
        if (v != null && v.getMetaObject() != null && "Promise".equals(v.getMetaObject().getMetaSimpleName())) {
            long gen = loop.generation();
            v.invokeMember("then",
                    (ProxyExecutable) a -> {
                        if (gen == loop.generation()) done.complete(shown(a.length > 0 ? a[0] : null, display));
                        return null;
                    },
                    (ProxyExecutable) a -> {
                        if (gen == loop.generation()) done.complete(new Outcome.Failed(show.execute(a.length > 0 ? a[0] : null, true).asString()));
                        return null;
                    });
            return;
        }
        done.complete(shown(v, display));
    }

    private Outcome shown(Value v, boolean display) {
        return new Outcome.Shown(display && v != null ? show.execute(v, false).asString() : "");
    }

    /** Ctrl-C: stops running JS (the context stays usable) and abandons what an await was waiting for. */
    public void interrupt() {
        if (!ready.isDone()) return;
        CompletableFuture<Outcome> p = pending;
        stop(context(), "interrupted");
        if (p != null) p.complete(new Outcome.Interrupted("interrupted"));
    }

    private void stop(Context context, String why) {
        loop.cancelWaiting();
        Thread.ofVirtual().start(() -> {
            try {
                context.interrupt(Duration.ofSeconds(30));
            } catch (TimeoutException | RuntimeException e) {
                options.out().accept("could not stop the script (" + why + "): " + e.getMessage());
            }
        });
    }

    /** True when {@code code} is unfinished JS (the prompt then reads another line). */
    public boolean isIncomplete(String code) {
        if (!isReady()) return false;
        CompletableFuture<Boolean> r = new CompletableFuture<>();
        loop.post(() -> {
            try {
                context().parse(Source.newBuilder("js", code, "<prompt>").interactive(true).buildLiteral());
                r.complete(false);
            } catch (PolyglotException e) {
                r.complete(e.isIncompleteSource());
            }
        });
        try {
            return r.get(2, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /**
     * Names that can follow {@code path} ("" for globals, "cluster." for its members) starting with
     * {@code prefix}. Only reads data properties: no getter or function runs. Gives up (empty) when
     * the session is busy, so Tab never hangs.
     */
    public List<String> complete(String path, String prefix) {
        if (!isReady()) return List.of();
        CompletableFuture<List<String>> r = new CompletableFuture<>();
        loop.post(() -> {
            Value names = completions.execute(path, prefix);
            List<String> out = new java.util.ArrayList<>();
            for (long i = 0; i < names.getArraySize(); i++) out.add(names.getArrayElement(i).asString());
            if (path.isEmpty()) declared.stream().filter(d -> d.startsWith(prefix)).forEach(out::add);
            r.complete(out.stream().distinct().sorted().toList());
        });
        try {
            return r.get(300, TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            return List.of();
        }
    }

    /** An error as a user reads it: the JS message and stack with file:line, no Java frames. */
    static String describe(RuntimeException e) {
        if (!(e instanceof PolyglotException pe)) return HostErrors.message(e);
        if (pe.isHostException()) {
            StringBuilder sb = new StringBuilder("Error: " + HostErrors.message(pe.asHostException()));
            guestFrames(pe, sb);
            return sb.toString();
        }
        if (pe.isSyntaxError()) return "SyntaxError: " + pe.getMessage().replaceFirst("^SyntaxError: ", "");
        Value guest = pe.getGuestObject();
        if (guest != null && guest.hasMember("stack") && guest.getMember("stack").isString()) {
            return guest.getMember("stack").asString();
        }
        StringBuilder sb = new StringBuilder(pe.getMessage());
        guestFrames(pe, sb);
        return sb.toString();
    }

    private static void guestFrames(PolyglotException pe, StringBuilder sb) {
        for (PolyglotException.StackFrame f : pe.getPolyglotStackTrace()) {
            if (!f.isGuestFrame() || f.getSourceLocation() == null) continue;
            var loc = f.getSourceLocation();
            if (loc.getSource().getName().startsWith("skiff:")) continue;
            sb.append("\n    at ").append(f.getRootName() == null || f.getRootName().isEmpty() ? "<top>" : f.getRootName())
                    .append(" (").append(loc.getSource().getPath() != null ? loc.getSource().getPath() : loc.getSource().getName())
                    .append(':').append(loc.getStartLine()).append(':').append(loc.getStartColumn()).append(')');
        }
    }

    /** {@code s} as a JSON (and JS) string literal. */
    static String jsString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    @Override
    public void close() {
        loop.close();
        host.close();
    }
}
