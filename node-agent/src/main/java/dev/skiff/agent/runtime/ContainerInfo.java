package dev.skiff.agent.runtime;

import java.time.Instant;

/** What a runtime knows about a container right now. */
public sealed interface ContainerInfo {

    /** It runs (possibly paused) since {@code startedAt}. */
    record Running(Instant startedAt, boolean paused) implements ContainerInfo {}

    /** It ran from {@code startedAt} and ended as {@code status}. */
    record Exited(Instant startedAt, ExitStatus status) implements ContainerInfo {}

    /** The runtime cannot tell (destroyed, or its state is gone); {@code reason} says why. */
    record Unknown(String reason) implements ContainerInfo {}
}
