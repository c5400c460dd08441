package dev.skiff.shell;

import java.util.List;

/**
 * The rows of the last listing at the prompt, so {@code $1}, {@code $2}, … name them in the next
 * command (kubectl-repl's idea). Listing commands report what they printed, in order.
 */
public final class Rows {
    private Rows() {}

    /**
     * What was listed: a kind (as typed for a command line, e.g. "pods"), names in row order, and each row's
     * namespace (null for a kind without namespaces).
     */
    public record Listing(String kind, List<String> names, List<String> namespaces) {
        public Listing {
            names = List.copyOf(names);
            namespaces = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(namespaces));
            if (namespaces.size() != names.size()) throw new IllegalArgumentException("a namespace for each row");
        }
    }

    private static volatile Listing last = new Listing("", List.of(), List.of());

    /** The rows a listing printed, in the order it printed them. */
    public static void remember(String kind, List<? extends dev.skiff.api.Resource> rows) {
        List<String> names = new java.util.ArrayList<>(rows.size());
        List<String> namespaces = new java.util.ArrayList<>(rows.size());
        for (var r : rows) {
            names.add(r.name());
            namespaces.add(r.metadata() == null ? null : r.metadata().namespace());
        }
        last = new Listing(kind, names, namespaces);
    }

    public static Listing last() {
        return last;
    }
}
