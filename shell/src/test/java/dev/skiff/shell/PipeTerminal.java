package dev.skiff.shell;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * A terminal over pipes for prompt tests: keys are typed in, the screen is read back.
 *
 * <p>Given streams, JLine opens a real pty and copies what the prompt writes from the pty to the
 * screen on a pump thread of its own, one byte (one read, one write) at a time. When the prompt
 * ends, what it printed last can still be in the pty, and closing the terminal then drops it:
 * JsPromptIT lost its last answer this way on a loaded machine. {@link #close()} therefore writes a
 * marker after everything else and waits for it to come out (a pty keeps the order) before closing.
 */
final class PipeTerminal implements AutoCloseable {
    private static final String ESCAPES = "\u001B\\[[0-9;?]*[a-zA-Z]";

    private final PipedOutputStream keys = new PipedOutputStream();
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final String end = "[screen ends " + UUID.randomUUID() + "]";
    private final Terminal terminal;

    PipeTerminal() throws IOException {
        PipedInputStream in = new PipedInputStream(keys, 65536);
        terminal = TerminalBuilder.builder().type("ansi").streams(in, screen).build();
        terminal.setSize(new Size(160, 50));
    }

    Terminal terminal() {
        return terminal;
    }

    /** Types {@code text} (all of it at once, as a paste would). */
    void type(String text) throws IOException {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    /** What reached the screen so far, without escape sequences and carriage returns. */
    String plain() {
        return screen.toString(StandardCharsets.UTF_8).replaceAll(ESCAPES, "").replace("\r", "").replace(end, "");
    }

    /** Waits until everything written to the terminal so far is on the screen, then closes it. */
    @Override
    public void close() throws IOException {
        try {
            terminal.writer().print(end);
            terminal.writer().flush();
            await("everything written reaches the screen").atMost(30, TimeUnit.SECONDS).pollInterval(10, TimeUnit.MILLISECONDS)
                    .until(() -> screen.toString(StandardCharsets.UTF_8).contains(end));
        } finally {
            terminal.close();
        }
    }
}
