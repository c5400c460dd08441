package dev.skiff.store;

import java.util.List;

/**
 * How to list a prefix. {@code revision} 0 reads the latest state; {@code limit} 0 returns everything;
 * {@code continueAfterKey} (nullable) starts the page strictly after that key. To page through a
 * consistent snapshot pass the {@link Page#revision()} of the first page to the following ones.
 *
 * <p>{@code valueContains}: strings (as UTF-8 bytes) that every value the caller wants contains. Only a hint,
 * so callers still test each value: the embedded server leaves the others out (and {@code limit} then counts
 * what is left), while etcd has no such filter and returns every key, as it does for a plain range. Pushing
 * the test to the server spares a selective list the transfer of everything else: 100 pods of 5,000 come to
 * the client as 100, as kubectl's label selectors are answered by the API server.
 */
public record ListOptions(long revision, int limit, String continueAfterKey, List<String> valueContains) {

    public static final ListOptions LATEST = new ListOptions(0, 0, null);

    public ListOptions {
        if (revision < 0) throw new IllegalArgumentException("revision must be >= 0, got " + revision);
        if (limit < 0) throw new IllegalArgumentException("limit must be >= 0, got " + limit);
        valueContains = valueContains == null ? List.of() : List.copyOf(valueContains);
    }

    public ListOptions(long revision, int limit, String continueAfterKey) {
        this(revision, limit, continueAfterKey, List.of());
    }

    public static ListOptions latest() {
        return LATEST;
    }

    public static ListOptions page(int limit) {
        return new ListOptions(0, limit, null);
    }

    /** These options, asking only for values that contain each of {@code strings}. */
    public ListOptions containing(List<String> strings) {
        return new ListOptions(revision, limit, continueAfterKey, strings);
    }

    /** The options for the page after {@code previous}, at the same revision. */
    public ListOptions next(Page previous) {
        if (previous.items().isEmpty()) throw new IllegalArgumentException("no page follows an empty page");
        return new ListOptions(previous.revision(), limit, previous.items().getLast().key(), valueContains);
    }
}
