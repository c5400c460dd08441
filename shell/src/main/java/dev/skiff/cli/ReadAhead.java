package dev.skiff.cli;

import dev.skiff.store.ForwardingStore;
import dev.skiff.store.ListOptions;
import dev.skiff.store.Page;
import dev.skiff.store.Store;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A store for one reader that pages through one listing: after the first page, a thread fetches the following
 * pages back to back (at most {@link #WINDOW} ahead), so the round trips no longer wait while the reader decodes
 * a page (or, in a one-shot {@code get}, waits for Jackson's deserializers). The pages are those the reader
 * would have read: the same requests, in order; any other request goes straight to the store. Not closed here:
 * the store's owner closes it.
 */
final class ReadAhead extends ForwardingStore {
    /** Pages held ahead of the reader at most: 10,000 objects at the client's 500. */
    static final int WINDOW = 20;

    /** A fetched page, or what fetching it threw; {@code options} is the request that asked for it. */
    private record Fetched(String prefix, ListOptions options, Page page, RuntimeException failure) {}

    private final Store store;
    private BlockingQueue<Fetched> ahead; // the reader's thread only, like the fields below
    private Thread fetcher;

    ReadAhead(Store store) {
        this.store = store;
    }

    @Override
    public Page list(String prefix, ListOptions options) {
        Fetched next = ahead == null ? null : ahead.peek() != null || fetcher.isAlive() ? take() : null;
        if (next != null && next.prefix().equals(prefix) && same(next.options(), options)) {
            if (next.failure() != null) throw next.failure();
            return next.page();
        }
        stop();
        Page page = store.list(prefix, options);
        if (page.more() && !page.items().isEmpty()) start(prefix, options.next(page));
        return page;
    }

    private Fetched take() {
        try {
            return ahead.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading ahead", e);
        }
    }

    private void start(String prefix, ListOptions first) {
        BlockingQueue<Fetched> queue = new ArrayBlockingQueue<>(WINDOW);
        ahead = queue;
        fetcher = Thread.ofPlatform().name("skiff-read-ahead").daemon(true).start(() -> fetch(queue, prefix, first));
    }

    private void fetch(BlockingQueue<Fetched> queue, String prefix, ListOptions options) {
        while (true) {
            Fetched f;
            try {
                f = new Fetched(prefix, options, store.list(prefix, options), null);
            } catch (RuntimeException e) {
                f = new Fetched(prefix, options, null, e);
            }
            try {
                queue.put(f);
            } catch (InterruptedException e) {
                return; // the reader asked for something else
            }
            if (f.failure() != null || !f.page().more() || f.page().items().isEmpty()) return;
            options = options.next(f.page());
        }
    }

    /** Ends a read-ahead the reader left: its pages are dropped. */
    private void stop() {
        if (fetcher != null) fetcher.interrupt();
        fetcher = null;
        ahead = null;
    }

    /** Field by field: a record's first equals() costs a one-shot command a method-handle bootstrap. */
    private static boolean same(ListOptions a, ListOptions b) {
        return a.revision() == b.revision() && a.limit() == b.limit()
                && Objects.equals(a.continueAfterKey(), b.continueAfterKey())
                && a.valueContains().equals(b.valueContains());
    }

    @Override
    protected Store delegate() {
        return store;
    }

    @Override
    public void close() {
        stop();
    }
}
