package dev.skiff.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skiff completion zsh} in a real zsh (compinit, as a user's .zshrc has it), typed into tmux: Tab
 * completes verbs and flags of the one-shot CLI. (Bash's script is checked in CompletionScriptTest.)
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CompletionTmuxIT {

    @Test
    void zshCompletesVerbsAndFlags(@TempDir Path dir) throws Exception {
        Repo.Result script = Repo.run(java.util.Map.of(), 60, "./skiff", "completion", "zsh");
        LocalSkiff.ok(script);
        Path file = dir.resolve("skiff.zsh");
        Files.writeString(file, script.out());
        String cmd = "cd " + Repo.root() + " && PATH=" + Repo.root() + ":$PATH zsh -f";
        try (Tmux t = Tmux.start(cmd, 120, 30)) {
            t.type("autoload -U compinit && compinit -u && source " + file + " && echo COMPLETION-$((40+2))").press("Enter");
            t.awaitText(Duration.ofSeconds(30), "COMPLETION-42"); // the echo's output, not the typed line
            t.type("skiff ap").press("Tab");
            t.await(Duration.ofSeconds(20), "the verbs starting with ap", s -> s.contains("api-resources") && s.contains("apply"));
            t.press("C-u").type("skiff get --nam").press("Tab");
            t.awaitText(Duration.ofSeconds(20), "skiff get --namespace");
        }
    }
}
