package dev.skiff.controller;

import java.time.Duration;

/** Decides how long a failing key waits before its next attempt (client-go's RateLimiter). */
public interface RateLimiter<K> {

    /** Records one more failure of {@code key} and returns how long to wait before retrying it. */
    Duration when(K key);

    /** Stops tracking {@code key}: its next failure starts again from the shortest delay. */
    void forget(K key);

    /** How many failures of {@code key} are currently being tracked. */
    int retries(K key);
}
