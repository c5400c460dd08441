package dev.skiff.shell;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The verbs and flags as picocli models them, built once, when first needed or in the background.
 * Modelling every verb costs ~0.4 s of CPU on a fresh JVM, which the first prompt does not need:
 * only Tab, {@code help} and the highlighter read it, and the highlighter never waits for it.
 */
public final class LazyGrammar {
    private final Supplier<CommandSpec> build;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CompletableFuture<CommandSpec> spec = new CompletableFuture<>();

    public LazyGrammar(Supplier<CommandSpec> build) {
        this.build = build;
    }

    /** A grammar that is already built (tests, benchmarks). */
    public static LazyGrammar of(CommandSpec spec) {
        LazyGrammar g = new LazyGrammar(() -> spec);
        g.buildHere();
        return g;
    }

    /** Starts building on a thread of its own unless it is built or being built. */
    public void buildInBackground() {
        if (started.compareAndSet(false, true)) Thread.ofPlatform().name("grammar").daemon().start(this::complete);
    }

    /** The grammar, built on this thread if nobody started it yet, else waited for. */
    public CommandSpec get() {
        buildHere();
        return spec.join();
    }

    /** The grammar if it is built; never waits (starts the build in the background instead). */
    public Optional<CommandSpec> now() {
        if (!spec.isDone()) buildInBackground();
        return Optional.ofNullable(spec.getNow(null));
    }

    private void buildHere() {
        if (started.compareAndSet(false, true)) complete();
    }

    private void complete() {
        try {
            spec.complete(build.get());
        } catch (RuntimeException | Error e) {
            spec.completeExceptionally(e);
        }
    }
}
