package dev.skiff.cli;

import dev.skiff.api.KindInfo;
import dev.skiff.api.Kinds;
import dev.skiff.api.LabelSelector;
import dev.skiff.api.Resource;
import dev.skiff.client.ResourceList;
import dev.skiff.store.Store;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.wire.WireStore;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A one-shot {@code skiff get KIND} (one kind, no names) starts its read at {@code main()} on a second thread:
 * connecting and listing (a round trip per 500 objects, then decoding the matches) then overlap picocli building
 * the verb's model, each ~0.2 s of a one-shot get. Only a head start: the command takes the connection and the
 * list only when what picocli parsed asks for the same read (server, timeouts, kind, namespace, selector); else
 * they are dropped and the command reads as it always does. Errors surface where they would have: the
 * connection's from {@link ClusterOptions#connectForReads()}, the list's from the list.
 */
final class EarlyRead {
    private EarlyRead() {}

    /** What a {@code get} line asks to read, scanned without picocli; the parsed command confirms it. */
    record Plan(String kind, String namespace, boolean allNamespaces, String selector, String server, String requestTimeout) {}

    /** A read under way: its connection, then its list. */
    private record Pending(StoreConfig config, KindInfo info, String namespace, String selector,
                           CompletableFuture<Store> store, CompletableFuture<ResourceList<? extends Resource>> list) {}

    /** No read: the command came first, or there is nothing to read early. */
    private static final Pending NONE = new Pending(null, null, null, null, null, null);

    /** null until the read starts (or the command asks), then its Pending or NONE. */
    private static final java.util.concurrent.atomic.AtomicReference<Pending> pending =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** Starts the read {@code args} ask for, when they are a one-kind {@code get} this scan understands. */
    static void start(String... args) {
        pending.set(null);
        Plan plan = plan(args);
        if (plan == null) return;
        Thread.ofPlatform().name("skiff-early-read").daemon(true).start(() -> read(plan));
    }

    private static void read(Plan plan) {
        Pending p;
        LabelSelector selector;
        try {
            ClusterOptions options = new ClusterOptions();
            options.server = plan.server();
            options.requestTimeout = plan.requestTimeout();
            StoreConfig config = options.storeConfig();
            KindInfo info = Kinds.resolve(plan.kind()).orElse(null);
            if (info == null) return;
            String ns = info.namespaced() && !plan.allNamespaces()
                    ? (plan.namespace() == null ? Namespaces.current() : plan.namespace()) : null;
            selector = plan.selector() == null ? null : LabelSelector.parse(plan.selector());
            p = new Pending(config, info, ns, plan.selector(), new CompletableFuture<>(), new CompletableFuture<>());
        } catch (RuntimeException e) {
            return; // a bad flag, selector or config: the command reports it itself, in its words
        }
        if (!pending.compareAndSet(null, p)) return; // the command is reading already
        Store store;
        try {
            store = WireStore.connect(p.config());
            p.store().complete(store);
        } catch (RuntimeException e) {
            p.store().completeExceptionally(e);
            p.list().completeExceptionally(e);
            return;
        }
        try {
            p.list().complete(ClusterOptions.client(new ReadAhead(store)).list(p.info().type(), p.namespace(), selector));
        } catch (RuntimeException e) {
            p.list().completeExceptionally(e);
        }
    }

    /**
     * The early connection when it is to the store {@code config} names (the caller owns it then), else null;
     * a connection to another store is closed.
     */
    static Store store(StoreConfig config) {
        if (pending.compareAndSet(null, NONE)) return null;
        Pending p = pending.get();
        if (p == NONE) return null;
        if (!sameStore(p.config(), config)) {
            pending.set(NONE);
            p.store().thenAccept(Store::close);
            return null;
        }
        return join(p.store());
    }

    /** The early list when it is the one asked for, on the early connection {@code store}; else null. Once. */
    static ResourceList<? extends Resource> list(Store store, KindInfo info, String namespace, String selector) {
        Pending p = pending.get();
        if (p == null || p == NONE || !p.store().isDone() || p.store().isCompletedExceptionally()
                || p.store().join() != store) return null;
        pending.set(NONE);
        // identity for the kind, and no record equals(): its first call costs a one-shot command a bootstrap
        if (p.info() != info || !Objects.equals(p.namespace(), namespace) || !Objects.equals(p.selector(), selector)) return null;
        return join(p.list());
    }

    private static boolean sameStore(StoreConfig a, StoreConfig b) {
        return a.endpoints().equals(b.endpoints()) && a.connectTimeout().equals(b.connectTimeout())
                && a.requestTimeout().equals(b.requestTimeout());
    }

    /** The answer, or the exception the read threw, as the command's own call would have thrown it. */
    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }

    // ---- the scan: GetCommand's and ClusterOptions' options, in the forms picocli takes; anything else, no plan

    private static final java.util.Set<String> FLAGS = java.util.Set.of(
            "-A", "--all-namespaces", "--no-headers", "--show-labels", "-w", "--watch", "--watch-only");
    private static final java.util.Set<String> VALUED = java.util.Set.of(
            "-n", "--namespace", "-l", "--selector", "-o", "--output", "-L", "--label-columns", "--sort-by",
            "-s", "--server", "--request-timeout");

    /** The read a {@code get} line asks for; null when it is no one-kind listing or uses a form not scanned. */
    static Plan plan(String... args) {
        if (args.length < 2 || !args[0].equals("get")) return null;
        String kind = null, namespace = null, selector = null, server = null, timeout = null;
        boolean all = false;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            String name = a, value = null;
            if (a.startsWith("--") && a.indexOf('=') > 0) {
                name = a.substring(0, a.indexOf('='));
                value = a.substring(a.indexOf('=') + 1);
                if (!VALUED.contains(name)) return null;
            } else if (FLAGS.contains(a)) {
                if (a.equals("-A") || a.equals("--all-namespaces")) all = true;
                continue;
            } else if (VALUED.contains(a)) {
                if (++i == args.length) return null;
                value = args[i];
            } else if (a.startsWith("-")) {
                return null; // -h, --help, clustered or attached short options, "--": picocli's to judge
            } else {
                if (kind != null) return null; // names: read one by one, not listed
                kind = a;
                continue;
            }
            switch (name) {
                case "-n", "--namespace" -> namespace = value;
                case "-l", "--selector" -> selector = value;
                case "-s", "--server" -> server = value;
                case "--request-timeout" -> timeout = value;
                default -> { } // output options: no bearing on what is read
            }
        }
        if (kind == null || kind.equals("all") || kind.contains(",")) return null;
        return new Plan(kind, namespace, all, selector, server, timeout);
    }
}
