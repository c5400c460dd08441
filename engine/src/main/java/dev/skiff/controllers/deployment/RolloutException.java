package dev.skiff.controllers.deployment;

/** A rollout command that cannot be done as asked, with what to do instead. */
public final class RolloutException extends RuntimeException {
    public RolloutException(String message) {
        super(message);
    }
}
