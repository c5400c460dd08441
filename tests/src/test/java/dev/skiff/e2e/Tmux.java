package dev.skiff.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A real terminal for end-to-end tests: a tmux session running a command, driven with
 * send-keys and read with capture-pane. Fails loudly when tmux is missing.
 */
public final class Tmux implements AutoCloseable {
    private final String session;

    private Tmux(String session) {
        this.session = session;
    }

    /** Starts {@code command} (a shell line) in a new detached session of the given size. */
    public static Tmux start(String command, int width, int height) {
        String name = "skiff-e2e-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000;
        run("tmux", "new-session", "-d", "-s", name, "-x", Integer.toString(width), "-y", Integer.toString(height), command);
        return new Tmux(name);
    }

    /** Types text (literally). */
    public Tmux type(String text) {
        run("tmux", "send-keys", "-t", session, "-l", text);
        return this;
    }

    /** Presses keys by tmux name: Enter, Tab, C-r, C-c, C-d, Up… */
    public Tmux press(String... keys) {
        List<String> cmd = new ArrayList<>(List.of("tmux", "send-keys", "-t", session));
        cmd.addAll(List.of(keys));
        run(cmd.toArray(String[]::new));
        return this;
    }

    /** skiff's status line (StatusLine), which the prompt keeps on the screen's last row. */
    private static final java.util.regex.Pattern STATUS =
            java.util.regex.Pattern.compile("(?m)^nodes \\d+/\\d+ Ready  ·  pods \\d+/\\d+ Running  ·  namespace \\S+\\s*\\z");

    /** The visible screen plus scrollback, without the status line (so a screen still ends with its prompt). */
    public String screen() {
        return STATUS.matcher(capture().stripTrailing()).replaceFirst("");
    }

    /** The status line on the last row, or "" when there is none. */
    public String statusLine() {
        var m = STATUS.matcher(capture().stripTrailing());
        return m.find() ? m.group().strip() : "";
    }

    private String capture() {
        return run("tmux", "capture-pane", "-p", "-J", "-S", "-2000", "-t", session);
    }

    /** Waits until the screen satisfies {@code condition}; fails with the screen when it does not. */
    public String await(Duration timeout, String what, Predicate<String> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String screen = "";
        while (System.nanoTime() < deadline) {
            screen = screen();
            if (condition.test(screen)) return screen;
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what + "; screen:\n" + screen);
    }

    public String awaitText(Duration timeout, String text) {
        return await(timeout, "\"" + text + "\"", s -> s.contains(text));
    }

    public boolean alive() {
        try {
            run("tmux", "has-session", "-t", session);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            run("tmux", "kill-session", "-t", session);
        } catch (IllegalStateException e) {
            // already gone
        }
    }

    private static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd[0] + " (is tmux installed? ./run-tests installs it): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
