package dev.skiff.e2e;

import dev.skiff.store.EtcdProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The js> prompt in a real terminal (./skiff against etcd, driven through tmux): Ctrl-C stops a
 * script stuck in a loop or in a long await and the next line still evaluates in the same
 * context; console.log from a timer prints above the line being typed without garbling it.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class JsTmuxIT {
    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration STEP = Duration.ofSeconds(30);

    /** The last line on the screen that is not blank: where the cursor's line is. */
    private static String lastLine(String screen) {
        String[] lines = screen.stripTrailing().split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void ctrlCStopsALoopAndAnAwaitAndTheNextLineEvaluates(@TempDir Path home) {
        String server = EtcdProcess.shared().endpoint().getAuthority();
        String cmd = "cd " + Repo.root() + " && SKIFF_HOME=" + home + " ./skiff shell --server " + server
                + "; echo SKIFF-EXITED-$?; sleep 60";
        try (Tmux t = Tmux.start(cmd, 160, 50)) {
            t.await(START, "the prompt", s -> lastLine(s).endsWith(")>"));
            t.type("js").press("Enter");
            t.await(STEP, "js>", s -> lastLine(s).equals("js>"));
            t.type("'rea' + 'dy'").press("Enter"); // the first evaluation waits for the context, made in the background
            t.await(START, "the context", s -> s.contains("\nready\n") && lastLine(s).equals("js>"));

            t.type("const h = every('200ms', () => console.log('tick' + 'tock'))").press("Enter");
            t.type("h.stop(), 6 *");
            t.await(STEP, "timer lines above the half-typed line", s -> s.split("ticktock", -1).length > 4
                    && lastLine(s).equals("js> h.stop(), 6 *"));
            t.type(" 7").press("Enter");
            t.await(STEP, "the answer after the timer stopped", s -> s.contains("\n42\n"));

            // the words are printed joined only when the code runs: the typed echo never matches them
            t.type("let n = 0; console.log('spin' + 'ning'); while (true) { n++ }").press("Enter");
            t.awaitText(STEP, "spinning");
            pause(500);
            t.press("C-c");
            t.await(STEP, "the loop interrupted and a new js> line", s -> s.contains("interrupted") && lastLine(s).equals("js>"));
            t.type("n > 0 ? 'count' + 'ed' : 'never ran'").press("Enter");
            t.awaitText(STEP, "counted");

            t.type("console.log('sle' + 'eping'); await sleep('60s')").press("Enter");
            t.awaitText(STEP, "sleeping");
            pause(500);
            t.press("C-c");
            t.await(STEP, "the await interrupted", s -> s.split("interrupted", -1).length >= 3 && lastLine(s).equals("js>"));
            t.type("'still ' + 'here'").press("Enter");
            t.awaitText(STEP, "still here");

            t.press("C-d"); // js> back to the command prompt, then out
            t.await(STEP, "the command prompt", s -> lastLine(s).endsWith(")>"));
            t.press("C-d");
            t.awaitText(START, "SKIFF-EXITED-0"); // closing informers and the context is slow on a loaded machine
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
