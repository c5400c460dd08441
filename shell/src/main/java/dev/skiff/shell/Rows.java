package dev.skiff.shell;

import java.util.List;

/**
 * The rows of the last listing at the prompt, so {@code $1}, {@code $2}, … name them in the next
 * command (kubectl-repl's idea). Listing commands report what they printed, in order.
 */
public final class Rows {
    private Rows() {}

    /** What was listed: a kind (as typed for a command line, e.g. "pods") and names in row order. */
    public record Listing(String kind, List<String> names) {}

    private static volatile Listing last = new Listing("", List.of());

    public static void remember(String kind, List<String> names) {
        last = new Listing(kind, List.copyOf(names));
    }

    public static Listing last() {
        return last;
    }
}
