package dev.skiff.agent.runtime;

/** A host directory or file made visible in the container at {@code containerPath}. */
public record Mount(String hostPath, String containerPath, boolean readOnly) {}
