package dev.skiff.cli;

import java.io.IOException;
import java.nio.file.Path;

/** Runs the user's editor on a file and waits for it: {@code $SKIFF_EDITOR}, {@code $EDITOR}, else vi. */
final class Editor {
    /** Where EDITOR is read from; tests put a script there without touching the process environment. */
    static volatile java.util.function.UnaryOperator<String> environment = System::getenv;

    private Editor() {}

    static void open(Path file) {
        String editor = firstSet(environment.apply("SKIFF_EDITOR"), environment.apply("EDITOR"), "vi");
        // through sh, as kubectl does, so EDITOR="code --wait" works
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", editor + " \"$1\"", "editor", file.toString()).inheritIO();
        try {
            int code = pb.start().waitFor();
            if (code != 0) throw new UserError("the editor (" + editor + ") exited with " + code + "; nothing was saved");
        } catch (IOException e) {
            throw new UserError("cannot start the editor \"" + editor + "\": " + e.getMessage() + " (set EDITOR)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("edit interrupted; nothing was saved");
        }
    }

    private static String firstSet(String... values) {
        for (String v : values) if (v != null && !v.isBlank()) return v;
        return "vi";
    }
}
