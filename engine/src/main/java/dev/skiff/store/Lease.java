package dev.skiff.store;

import java.time.Duration;

/** A granted lease: keys attached to it are deleted when it expires or is revoked. */
public record Lease(long id, Duration ttl) {}
