package dev.skiff.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import org.junit.jupiter.api.Test;

class PipeTerminalTest {

    /**
     * More than a pty holds is written and the terminal closed at once, as a prompt test does when the
     * prompt ends: the pump thread is still copying then, and a plain close drops the tail.
     */
    @Test
    void closeWaitsForEverythingWrittenToReachTheScreen() throws Exception {
        int lines = 400;
        PipeTerminal pipe = new PipeTerminal();
        try (pipe) {
            PrintWriter out = pipe.terminal().writer();
            for (int i = 1; i <= lines; i++) out.println("line " + i + " " + "x".repeat(90));
            out.flush();
        }
        String screen = pipe.plain();
        assertThat(screen.lines().count()).as("lines on the screen").isEqualTo(lines);
        assertThat(screen).endsWith("line " + lines + " " + "x".repeat(90) + "\n");
    }
}
