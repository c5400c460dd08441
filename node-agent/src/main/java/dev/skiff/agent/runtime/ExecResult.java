package dev.skiff.agent.runtime;

/** The outcome of {@link PodRuntime#exec}; exitCode is -1 when it timed out (and was killed). */
public record ExecResult(int exitCode, String stdout, String stderr) {
    public static final int TIMED_OUT = -1;

    public boolean timedOut() {
        return exitCode == TIMED_OUT;
    }
}
