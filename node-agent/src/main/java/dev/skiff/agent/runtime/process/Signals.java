package dev.skiff.agent.runtime.process;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Sends signals to whole process groups; Java can only signal single processes. */
final class Signals {
    private Signals() {}

    /** {@code kill -SIG -- -pgid}; false when no process of the group was left to signal. */
    static boolean group(long pgid, String signal) {
        try {
            var kill = new ProcessBuilder("kill", "-s", signal, "--", "-" + pgid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                return false;
            }
            return kill.exitValue() == 0;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill to signal process group " + pgid + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
