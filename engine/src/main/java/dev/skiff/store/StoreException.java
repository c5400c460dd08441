package dev.skiff.store;

import java.util.List;

/** Everything the store can refuse, as a closed family callers can switch over. */
public sealed abstract class StoreException extends RuntimeException {

    private StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public static final class NotFound extends StoreException {
        private final String key;

        public NotFound(String key) {
            super(key + " not found", null);
            this.key = key;
        }

        public String key() { return key; }
    }

    public static final class AlreadyExists extends StoreException {
        private final String key;

        public AlreadyExists(String key) {
            super(key + " already exists", null);
            this.key = key;
        }

        public String key() { return key; }
    }

    /** The key changed since {@code expected}; {@code actual} is its modRevision now. */
    public static final class Conflict extends StoreException {
        private final String key;
        private final long expected;
        private final long actual;

        public Conflict(String key, long expected, long actual) {
            super(key + " was modified: expected revision " + expected + " but it is at " + actual
                    + " — read it again and retry", null);
            this.key = key;
            this.expected = expected;
            this.actual = actual;
        }

        public String key() { return key; }
        public long expected() { return expected; }
        public long actual() { return actual; }
    }

    /** The requested revision is older than the store keeps; {@code compactRevision} is the oldest kept. */
    public static final class Compacted extends StoreException {
        private final long compactRevision;

        public Compacted(long compactRevision) {
            super("revision has been compacted (history starts after " + compactRevision
                    + ") — list again from the latest revision", null);
            this.compactRevision = compactRevision;
        }

        public long compactRevision() { return compactRevision; }
    }

    /**
     * A write named a lease the store no longer has (it expired or was revoked before the write
     * reached the store): grant a fresh lease and try again.
     */
    public static final class LeaseNotFound extends StoreException {
        public LeaseNotFound(Throwable cause) {
            super("the lease this write was attached to has expired or was revoked", cause);
        }
    }

    /** The store could not be reached or did not answer in time. */
    public static final class Unavailable extends StoreException {
        /** What to tell a user who cannot reach the store, whichever client failed. */
        public static final String START_HINT = "is the server running? start one with 'skiff server' or check --server";

        /** A short reason a human can act on: "connection refused" rather than a stack of causes, whichever client failed. */
        public static String reason(Throwable t) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (c instanceof java.net.ConnectException) return "connection refused";
                String m = c.getMessage();
                if (m != null && m.toLowerCase(java.util.Locale.ROOT).contains("connection refused")) return "connection refused";
            }
            String m = t.getMessage();
            return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
        }

        private final List<String> endpoints;
        private final String hint;

        public Unavailable(List<String> endpoints, String hint) {
            this(endpoints, hint, null);
        }

        public Unavailable(List<String> endpoints, String hint, Throwable cause) {
            super("cannot reach the store at " + String.join(",", endpoints) + ": " + hint, cause);
            this.endpoints = List.copyOf(endpoints);
            this.hint = hint;
        }

        /** The store took longer than {@code waited} to answer: the one wording for every transport. */
        public static Unavailable noAnswer(List<String> endpoints, java.time.Duration waited) {
            return new Unavailable(endpoints, "no answer within " + waited.toMillis() + " ms — " + START_HINT, null);
        }

        public List<String> endpoints() { return endpoints; }
        public String hint() { return hint; }
    }
}
