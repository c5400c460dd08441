package dev.skiff.shell;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.jline.utils.Status;

/** The bottom line of the terminal: nodes ready, pods running, the namespace — refreshed every second. */
public final class StatusLine implements AutoCloseable {

    private final ScheduledExecutorService ticker =
            Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("status-line").factory());

    private StatusLine() {}

    /** Starts the status line where the terminal supports one; otherwise does nothing. */
    public static StatusLine start(Terminal terminal, ClusterCache cache, Supplier<String> namespace) {
        StatusLine line = new StatusLine();
        Status status = Status.getStatus(terminal, false);
        if (status == null) return line;
        line.ticker.scheduleWithFixedDelay(() -> {
            try {
                status.update(List.of(render(cache.counts(), namespace.get())));
            } catch (RuntimeException e) {
                // a status line is decoration: never let it take the prompt down
            }
        }, 0, 1, TimeUnit.SECONDS);
        return line;
    }

    static AttributedString render(ClusterCache.Counts c, String namespace) {
        AttributedStringBuilder sb = new AttributedStringBuilder();
        int nodeColour = c.nodesReady() == c.nodes() && c.nodes() > 0 ? AttributedStyle.GREEN : AttributedStyle.YELLOW;
        sb.styled(AttributedStyle.DEFAULT.foreground(nodeColour), "nodes " + c.nodesReady() + "/" + c.nodes() + " Ready");
        sb.append("  ·  ");
        sb.append("pods " + c.podsRunning() + "/" + c.pods() + " Running");
        sb.append("  ·  namespace " + namespace);
        return sb.toAttributedString();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
