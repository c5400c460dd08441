package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletionScriptTest {

    @Test
    void bashCompletesVerbsAndFlags(@TempDir Path dir) throws Exception {
        CliRun run = CliRun.of("completion", "bash");
        assertThat(run.exitCode()).isZero();
        Path script = dir.resolve("skiff.bash");
        Files.writeString(script, run.out());
        // ask real bash what the script completes after "skiff ap" and "skiff get --n"
        String probe = "source " + script + "; COMP_WORDS=(skiff ap); COMP_CWORD=1; COMP_LINE='skiff ap'; COMP_POINT=8; "
                + "_complete_skiff skiff ap skiff; echo \"${COMPREPLY[@]}\"; "
                + "COMP_WORDS=(skiff get --names); COMP_CWORD=2; COMP_LINE='skiff get --names'; COMP_POINT=17; "
                + "_complete_skiff skiff --names get; echo \"${COMPREPLY[@]}\"";
        Process p = new ProcessBuilder("bash", "-c", probe).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("apply").contains("--namespace");
    }

    @Test
    void otherShellsAreRefusedClearly() {
        CliRun run = CliRun.of("completion", "fish");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("bash and zsh");
        assertThat(new File("/bin/bash")).exists();
    }
}
