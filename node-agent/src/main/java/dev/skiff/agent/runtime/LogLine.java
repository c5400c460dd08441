package dev.skiff.agent.runtime;

import java.time.Instant;

/** One line a container wrote, without its line terminator, and when the runtime saw it. */
public record LogLine(Instant time, String text) {}
