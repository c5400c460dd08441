package dev.skiff.cli;

import dev.skiff.api.KindInfo;
import dev.skiff.api.LabelSelector;
import dev.skiff.api.Resource;
import dev.skiff.client.Client;
import dev.skiff.client.ResourceEvent;
import dev.skiff.output.OutputOptions;
import dev.skiff.output.ResourcePrinter;
import dev.skiff.store.Watch;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * {@code get -w}: a row per change, printed on the command's own thread until it is interrupted
 * (Ctrl-C at the prompt) or the watch fails. Store callbacks only queue events, so a slow
 * terminal never holds up the store client's threads.
 */
final class GetWatch {
    private sealed interface Signal {}
    private record Change(ResourceEvent<? extends Resource> event) implements Signal {}
    private record Failed(RuntimeException error) implements Signal {}

    private final Client client;
    private final KindInfo kind;
    private final String namespace;
    private final LabelSelector selector;
    private final List<String> names;
    private final OutputOptions options;
    private final PrintWriter out;
    private boolean headerPending;
    private List<? extends Resource> listed = List.of();

    /** @param headerPending true when no table was printed yet, so the first row brings the header */
    GetWatch(Client client, KindInfo kind, String namespace, LabelSelector selector, List<String> names,
             OutputOptions options, PrintWriter out, boolean headerPending) {
        this.client = client;
        this.kind = kind;
        this.namespace = namespace;
        this.selector = selector;
        this.names = names;
        this.options = options;
        this.out = out;
        this.headerPending = headerPending;
    }

    /** The rows already printed (at most a few hundred are kept), so later rows line up with them. */
    GetWatch alignedWith(List<? extends Resource> printed) {
        this.listed = printed.size() > 200 ? printed.subList(0, 200) : printed;
        return this;
    }

    /** Blocks until interrupted; a watch the store ends is an error the user sees. */
    void run(long fromRevision) {
        BlockingQueue<Signal> queue = new LinkedBlockingQueue<>();
        try (Watch w = client.watch(kind.type(), namespace, fromRevision,
                e -> queue.add(new Change(e)), e -> queue.add(new Failed(e)))) {
            while (true) {
                switch (queue.take()) {
                    case Change c -> show(c.event().object());
                    case Failed f -> throw f.error();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // Ctrl-C: the watch is closed, back to the prompt
        }
    }

    private void show(Resource r) {
        if (!names.isEmpty() && !names.contains(r.name())) return;
        if (selector != null && !selector.matches(r.metadata().labelsOrEmpty())) return;
        String text = headerPending ? ResourcePrinter.print(kind, List.of(r), true, options, Instant.now())
                : ResourcePrinter.watchLine(kind, listed, r, options, Instant.now());
        if (headerPending) listed = List.of(r);
        headerPending = false;
        out.print(text);
        out.flush();
    }
}
