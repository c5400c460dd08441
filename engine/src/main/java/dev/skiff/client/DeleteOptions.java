package dev.skiff.client;

/**
 * How to delete: {@code gracePeriodSeconds} (null = the object's own, 0 = now), what happens to
 * dependents, and an optional precondition on the revision (0 = none).
 */
public record DeleteOptions(Long gracePeriodSeconds, Propagation propagation, long expectedRevision) {

    public static final DeleteOptions DEFAULT = new DeleteOptions(null, Propagation.BACKGROUND, 0);

    public enum Propagation {
        /** Delete the owner now; the garbage collector deletes dependents after. */
        BACKGROUND,
        /** Dependents first: the owner stays, marked deleting, until they are gone. */
        FOREGROUND,
        /** Delete the owner only; dependents lose their owner reference. */
        ORPHAN
    }

    public static DeleteOptions now() {
        return new DeleteOptions(0L, Propagation.BACKGROUND, 0);
    }

    public DeleteOptions withPropagation(Propagation p) {
        return new DeleteOptions(gracePeriodSeconds, p, expectedRevision);
    }

    public DeleteOptions withGracePeriod(Long seconds) {
        return new DeleteOptions(seconds, propagation, expectedRevision);
    }

    /** Only if the object is still at {@code revision} (0 = any): a newer version is a Conflict. */
    public DeleteOptions withExpectedRevision(long revision) {
        return new DeleteOptions(gracePeriodSeconds, propagation, revision);
    }
}
