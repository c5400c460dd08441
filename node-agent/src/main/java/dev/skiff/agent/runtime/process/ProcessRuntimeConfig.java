package dev.skiff.agent.runtime.process;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Settings of the process runtime. {@code stateDir} holds one directory per container (handle,
 * exit status, logs unless the spec names a log dir); {@code extraPath} is prepended to the PATH
 * of every container (the directory of the {@code skiff} launcher); logs rotate at
 * {@code logMaxBytes}, keeping {@code logFiles} rotated files.
 */
public record ProcessRuntimeConfig(Path stateDir, List<Path> extraPath, long logMaxBytes, int logFiles,
                                   boolean useCgroups, Clock clock) {

    public ProcessRuntimeConfig {
        extraPath = extraPath == null ? List.of() : List.copyOf(extraPath);
        clock = clock == null ? Clock.systemUTC() : clock;
    }

    public static ProcessRuntimeConfig defaults(Path stateDir) {
        return new ProcessRuntimeConfig(stateDir, List.of(), 10L * 1024 * 1024, 2, true, Clock.systemUTC());
    }

    public ProcessRuntimeConfig withExtraPath(List<Path> dirs) {
        return new ProcessRuntimeConfig(stateDir, dirs, logMaxBytes, logFiles, useCgroups, clock);
    }

    public ProcessRuntimeConfig withLogLimits(long maxBytes, int files) {
        return new ProcessRuntimeConfig(stateDir, extraPath, maxBytes, files, useCgroups, clock);
    }
}
