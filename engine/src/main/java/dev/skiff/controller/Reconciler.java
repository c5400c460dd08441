package dev.skiff.controller;

/**
 * Drives the object named by a {@link Request} towards its desired state. The runtime guarantees
 * that calls for the same request never overlap; it owns retries, so an implementation simply
 * throws (any unchecked exception) when it cannot make progress and is called again with backoff.
 */
@FunctionalInterface
public interface Reconciler {
    Result reconcile(Request request);
}
