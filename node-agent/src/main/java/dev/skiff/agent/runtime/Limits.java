package dev.skiff.agent.runtime;

/** Resource limits of a container; a null field means unlimited. */
public record Limits(Long cpuMillis, Long memoryBytes) {
    public static final Limits NONE = new Limits(null, null);

    public boolean any() {
        return cpuMillis != null || memoryBytes != null;
    }
}
