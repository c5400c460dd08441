package dev.skiff.agent.proxy.chaos;

/**
 * A token bucket of {@code rate} bytes/s holding up to {@code burst} bytes, shared by every
 * connection of one rule in one direction (as tc shapes a whole interface). A chunk larger than
 * what is left reserves into debt, and its sender waits until the debt is paid, so the long-run
 * rate holds whatever the chunk sizes.
 */
final class TokenBucket {

    private final double nanosPerByte;
    private final long burstNanos;
    /** When every byte reserved so far has been paid for. */
    private long paidUntil = Long.MIN_VALUE;

    TokenBucket(long bytesPerSecond, long burstBytes) {
        this.nanosPerByte = 1e9 / bytesPerSecond;
        this.burstNanos = (long) (burstBytes * nanosPerByte);
    }

    /** Takes {@code bytes} and returns when (in {@link System#nanoTime()} terms) they may go. */
    synchronized long reserve(int bytes, long now) {
        long start = paidUntil == Long.MIN_VALUE ? now - burstNanos : Math.max(paidUntil, now - burstNanos);
        paidUntil = start + (long) (bytes * nanosPerByte);
        return Math.max(now, paidUntil);
    }
}
