package dev.skiff.store;

/**
 * How to list a prefix. {@code revision} 0 reads the latest state; {@code limit} 0 returns everything;
 * {@code continueAfterKey} (nullable) starts the page strictly after that key. To page through a
 * consistent snapshot pass the {@link Page#revision()} of the first page to the following ones.
 */
public record ListOptions(long revision, int limit, String continueAfterKey) {

    public static final ListOptions LATEST = new ListOptions(0, 0, null);

    public ListOptions {
        if (revision < 0) throw new IllegalArgumentException("revision must be >= 0, got " + revision);
        if (limit < 0) throw new IllegalArgumentException("limit must be >= 0, got " + limit);
    }

    public static ListOptions latest() {
        return LATEST;
    }

    public static ListOptions page(int limit) {
        return new ListOptions(0, limit, null);
    }

    /** The options for the page after {@code previous}, at the same revision. */
    public ListOptions next(Page previous) {
        if (previous.items().isEmpty()) throw new IllegalArgumentException("no page follows an empty page");
        return new ListOptions(previous.revision(), limit, previous.items().getLast().key());
    }
}
