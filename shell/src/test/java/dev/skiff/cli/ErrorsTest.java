package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a mistyped command line tells the operator (nothing here reaches a cluster). */
class ErrorsTest {

    @Test
    void aTransposedVerbSuggestsTheVerbAsKubectlWould() {
        CliRun run = CliRun.of("gte", "pods");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("error: unknown command \"gte\" for \"skiff\"", "Did you mean: skiff get?");
        assertThat(CliRun.of("desribe", "pods").err()).contains("Did you mean: skiff describe?");
    }

    @Test
    void aWordNearNoVerbStillGetsPicocliSuggestionsOrNone() {
        CliRun run = CliRun.of("zzzzzz");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("error: unknown command \"zzzzzz\"").doesNotContain("skiff get?");
    }
}
