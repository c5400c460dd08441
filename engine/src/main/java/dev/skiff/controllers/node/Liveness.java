package dev.skiff.controllers.node;

import java.time.Instant;

/** What the heartbeat keys say about one node. */
sealed interface Liveness {

    /** The heartbeat key exists: the agent's lease is alive. */
    record Alive() implements Liveness {}

    /**
     * The key exists but its lease has gone unrenewed for longer than the grace since {@code since}:
     * the agent is down or cut off, its lease just has not expired yet.
     */
    record Silent(Instant since) implements Liveness {}

    /** The key disappeared while we watched: the lease expired (or was revoked) at {@code since}. */
    record Lost(Instant since) implements Liveness {}

    /**
     * No key since we started watching at {@code since}: the agent may be about to write it (a node
     * registers before it starts beating), so it gets a grace before it counts as lost.
     */
    record Unseen(Instant since) implements Liveness {}
}
