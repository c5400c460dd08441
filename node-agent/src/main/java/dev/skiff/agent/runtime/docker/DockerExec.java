package dev.skiff.agent.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.skiff.agent.runtime.ExecResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Exec through the API (probes and {@code skiff exec}). The Engine API cannot kill an exec, so on
 * a timeout the command is killed through its host pid when the daemon runs on this machine
 * (a unix socket, as root); elsewhere it is left to finish on its own.
 */
final class DockerExec {

    private final DockerClient docker;
    private final DockerCalls calls;

    DockerExec(DockerClient docker, DockerCalls calls) {
        this.docker = docker;
        this.calls = calls;
    }

    ExecResult run(String containerId, List<String> command, Duration timeout) {
        var execId = calls.on(containerId, () -> docker.execCreateCmd(containerId).withCmd(command.toArray(String[]::new))
                .withAttachStdout(true).withAttachStderr(true).exec().getId());
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var cb = calls.on(containerId, () -> docker.execStartCmd(execId).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                var into = frame.getStreamType() == StreamType.STDERR ? err : out;
                synchronized (into) {
                    into.writeBytes(frame.getPayload());
                }
            }
        }));
        try {
            if (!cb.awaitCompletion(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
                kill(execId);
                return new ExecResult(ExecResult.TIMED_OUT, text(out), text(err));
            }
            return new ExecResult(exitCode(execId, timeout), text(out), text(err));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(execId);
            return new ExecResult(ExecResult.TIMED_OUT, text(out), text(err));
        } finally {
            try {
                cb.close();
            } catch (IOException ignored) {
                // the stream is gone either way
            }
        }
    }

    /** The stream can end a moment before the daemon records the exit code. */
    private int exitCode(String execId, Duration timeout) throws InterruptedException {
        var deadline = System.nanoTime() + Math.max(timeout.toNanos(), Duration.ofSeconds(2).toNanos());
        while (true) {
            var inspect = calls.any(() -> docker.inspectExecCmd(execId).exec());
            if (!Boolean.TRUE.equals(inspect.isRunning()) && inspect.getExitCodeLong() != null) {
                return inspect.getExitCodeLong().intValue();
            }
            if (System.nanoTime() > deadline) return ExecResult.TIMED_OUT;
            Thread.sleep(10);
        }
    }

    private void kill(String execId) {
        if (!"unix".equals(calls.host().getScheme())) return;
        try {
            var pid = docker.inspectExecCmd(execId).exec().getPidLong();
            if (pid != null && pid > 0) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        } catch (RuntimeException ignored) {
            // best effort: the exec may have ended meanwhile
        }
    }

    private static String text(ByteArrayOutputStream b) {
        synchronized (b) {
            return b.toString(StandardCharsets.UTF_8);
        }
    }
}
