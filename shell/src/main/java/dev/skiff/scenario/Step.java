package dev.skiff.scenario;

import dev.skiff.chaos.Fault;
import java.time.Duration;

/** One entry of a method or of the rollbacks. */
public sealed interface Step {

    String name();

    Pauses pauses();

    /** Chaos Toolkit's {@code pauses}: waits before and after the step. */
    record Pauses(Duration before, Duration after) {
        public static final Pauses NONE = new Pauses(Duration.ZERO, Duration.ZERO);
    }

    /** Creates the fault object (its selector, mode, value, duration) and waits until an executor took it. */
    record FaultAction(String name, Fault fault, Pauses pauses) implements Step {
    }

    /** A probe run once in the method (recorded), or an action run for its effect (process, http, js). */
    record Activity(String name, boolean probe, Provider provider, Tolerance tolerance, Pauses pauses) implements Step {
    }

    record Wait(String name, Duration duration, Pauses pauses) implements Step {
    }
}
