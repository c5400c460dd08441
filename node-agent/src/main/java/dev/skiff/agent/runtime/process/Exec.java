package dev.skiff.agent.runtime.process;

import dev.skiff.agent.runtime.ExecResult;
import dev.skiff.agent.runtime.RuntimeFailure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a command as the container would see it: its env, working dir and mount namespace. */
final class Exec {
    private Exec() {}

    static ExecResult run(Box box, List<String> command, Duration timeout) {
        var ctx = box.execContext();
        var cmd = new ArrayList<>(List.of("setsid"));
        if (box.mountNs()) cmd.addAll(List.of("nsenter", "-t", Long.toString(box.pid()), "-m", "--"));
        cmd.addAll(List.of("/bin/sh", "-c", "cd \"$0\" 2>/dev/null; exec \"$@\"", ctx.workingDir()));
        cmd.addAll(command);
        var pb = new ProcessBuilder(cmd);
        pb.environment().clear();
        pb.environment().putAll(ctx.env());
        try {
            var p = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            var out = drain(p.getInputStream());
            var err = drain(p.getErrorStream());
            if (!p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                Signals.group(p.pid(), "KILL");
                p.waitFor(5, TimeUnit.SECONDS);
                return new ExecResult(ExecResult.TIMED_OUT, out.getNow(""), err.getNow(""));
            }
            return new ExecResult(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new RuntimeFailure.StartFailed("cannot exec " + command + " in container " + box.id() + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ExecResult(ExecResult.TIMED_OUT, "", "interrupted");
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        var result = new CompletableFuture<String>();
        Thread.ofVirtual().start(() -> {
            try (in) {
                result.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                result.complete("");
            }
        });
        return result;
    }
}
