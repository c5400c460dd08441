package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Bad output options fail at once, in one line, before any connection is tried. */
class GetOptionsTest {
    // nothing listens on port 1: reaching the store would be a different error
    private static final String NOWHERE = "127.0.0.1:1";

    @Test
    void anUnknownFormatListsTheAllowedOnes() {
        CliRun run = CliRun.of("get", "pods", "-o", "jsn", "--server", NOWHERE);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: unable to match a printer suitable for the output format \"jsn\", "
                + "allowed formats are: custom-columns,custom-columns-file,json,jsonpath,jsonpath-as-json,"
                + "jsonpath-file,name,wide,yaml\n");
    }

    @Test
    void aBadTemplateNamesItsPosition() {
        CliRun run = CliRun.of("get", "pods", "-o", "jsonpath={.items[0.metadata.name}", "--server", NOWHERE);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: error parsing jsonpath \"{.items[0.metadata.name}\": "
                + "unclosed array: expected ] at position 7\n");
    }

    @Test
    void aMissingFileIsNamed() {
        CliRun run = CliRun.of("get", "pods", "-o", "custom-columns-file=/no/such/file", "--server", NOWHERE);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: cannot read /no/such/file");
    }
}
