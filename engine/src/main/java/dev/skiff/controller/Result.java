package dev.skiff.controller;

import java.time.Duration;
import java.util.Objects;

/** What a successful reconcile asks the runtime to do next. Failures are thrown, not returned. */
public sealed interface Result {

    /** Nothing more to do until something changes. */
    record Done() implements Result {}

    /** Look again after {@code delay} even if nothing changes (e.g. a deadline or TTL to check). */
    record RequeueAfter(Duration delay) implements Result {
        public RequeueAfter {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("requeue delay must not be negative: " + delay);
            }
        }
    }

    static Result done() {
        return new Done();
    }

    static Result requeueAfter(Duration delay) {
        return new RequeueAfter(delay);
    }
}
