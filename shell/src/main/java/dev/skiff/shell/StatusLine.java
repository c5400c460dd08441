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

/**
 * The bottom line of the terminal: nodes ready, pods running, the namespace — checked every second, redrawn
 * when it changed, while a line is being read (a running command's output owns the screen; the line catches
 * up at the next prompt). Terminals without a scroll region (a dumb terminal, a pipe) get none.
 */
public final class StatusLine implements AutoCloseable {

    private final ScheduledExecutorService ticker =
            Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("status-line").factory());
    private final Terminal terminal;
    private final Status status;
    private AttributedString shown;

    private StatusLine(Terminal terminal, Status status) {
        this.terminal = terminal;
        this.status = status;
    }

    /** Starts the status line where the terminal supports one; otherwise does nothing. */
    public static StatusLine start(Shell shell, Terminal terminal, ClusterCache cache, Supplier<String> namespace) {
        Status status = Status.getStatus(terminal);
        StatusLine line = new StatusLine(terminal, status);
        if (status == null) return line;
        line.ticker.scheduleWithFixedDelay(() -> {
            try {
                line.refresh(shell, render(cache.counts(), namespace.get()));
            } catch (RuntimeException e) {
                // a status line is decoration: never let it take the prompt down
            }
        }, 0, 1, TimeUnit.SECONDS);
        return line;
    }

    private void refresh(Shell shell, AttributedString now) {
        if (now.equals(shown)) return;
        if (shell.whileReading(() -> status.update(List.of(now)))) shown = now;
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

    /** Stops the ticker, clears the line and gives the terminal its last row back (the prompt has ended by now). */
    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            if (ticker.awaitTermination(2, TimeUnit.SECONDS) && status != null) {
                status.hide();
                status.close();
                terminal.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the terminal may be gone already
        }
    }
}
