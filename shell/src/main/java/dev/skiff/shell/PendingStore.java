package dev.skiff.shell;

import dev.skiff.store.ForwardingStore;
import dev.skiff.store.Store;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * A store that connects on a thread of its own when first needed: the prompt's session connection
 * (jetcd: gRPC, Netty, ~0.3-0.5 s of CPU) comes up behind the prompt, and whatever needs it first
 * (an informer's list, a typed command) starts it if nobody did and waits for it. A failed connection fails the calls that
 * waited with its error (a command says the store is unreachable), and the next call tries again.
 */
public final class PendingStore extends ForwardingStore {
    private final String name;
    private final Supplier<Store> connect;
    private CompletableFuture<Store> store; // null until something needs it
    private boolean closed;

    private PendingStore(String name, Supplier<Store> connect) {
        this.name = name;
        this.connect = connect;
    }

    /** Connects ({@code connect}, on a daemon thread named {@code name}) when first used or {@link #connectNow() asked to}. */
    public static PendingStore onDemand(String name, Supplier<Store> connect) {
        return new PendingStore(name, connect);
    }

    /** Starts connecting unless that started already (or the store was closed). */
    public synchronized void connectNow() {
        if (store == null && !closed) store = start();
    }

    private CompletableFuture<Store> start() {
        return CompletableFuture.supplyAsync(connect, r -> Thread.ofPlatform().name(name).daemon(true).start(r));
    }

    private synchronized CompletableFuture<Store> attempt() {
        if (closed) throw new IllegalStateException("the session's store connection is closed");
        connectNow();
        return store;
    }

    private Store store() {
        CompletableFuture<Store> attempt = attempt();
        try {
            return attempt.join();
        } catch (CompletionException e) {
            synchronized (this) {
                if (store == attempt) store = null; // the next call tries again: the store may be back by then
            }
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error r) throw r;
            throw e;
        }
    }

    @Override
    protected Store delegate() {
        return store();
    }

    /** Closes the connection, now or as soon as it is made (a prompt left at once must not leak it). */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (store == null) return;
        store.thenAccept(s -> {
            try {
                s.close();
            } catch (Exception e) {
                // closing: nothing is left to tell
            }
        });
    }
}
