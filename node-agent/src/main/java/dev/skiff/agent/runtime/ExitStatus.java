package dev.skiff.agent.runtime;

import java.time.Instant;

/**
 * How a container ended. {@code code} follows the shell convention (128+signal when killed, so
 * 137 after SIGKILL); {@code reason} is Kubernetes' terminated reason: "Completed" (0), "Error",
 * or "OOMKilled".
 */
public record ExitStatus(int code, String reason, Instant finishedAt) {
    public static String reasonFor(int code, boolean oomKilled) {
        if (oomKilled) return "OOMKilled";
        return code == 0 ? "Completed" : "Error";
    }
}
