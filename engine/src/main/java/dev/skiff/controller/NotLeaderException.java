package dev.skiff.controller;

/** A write guarded by a {@link LeaderGuard} was refused because that leadership term is over. */
public final class NotLeaderException extends RuntimeException {

    private final String currentLeader;

    public NotLeaderException(String identity, String key, String currentLeader) {
        super(identity + " is no longer the leader (" + key + " is "
                + (currentLeader == null ? "vacant" : "held by " + currentLeader)
                + "); the write was not applied");
        this.currentLeader = currentLeader;
    }

    /** Who holds the leader key now, or null when nobody does. */
    public String currentLeader() {
        return currentLeader;
    }
}
