package dev.skiff.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kubernetes' $(VAR) expansion in env values, command and args. */
class EnvExpansionTest {
    static final Map<String, String> ENV = Map.of("A", "alpha", "EMPTY", "", "B", "$(A)");

    @Test
    void knownNamesAreReplaced() {
        assertThat(EnvResolver.expand("$(A)-$(A)", ENV)).isEqualTo("alpha-alpha");
        assertThat(EnvResolver.expand("x$(EMPTY)y", ENV)).isEqualTo("xy");
    }

    @Test
    void unknownReferencesStayAsWritten() {
        assertThat(EnvResolver.expand("$(NOPE) and $(A)", ENV)).isEqualTo("$(NOPE) and alpha");
    }

    @Test
    void doubleDollarEscapes() {
        assertThat(EnvResolver.expand("$$(A)", ENV)).isEqualTo("$(A)");
        assertThat(EnvResolver.expand("cost: $$5", ENV)).isEqualTo("cost: $5");
        assertThat(EnvResolver.expand("$$$$", ENV)).isEqualTo("$$");
    }

    @Test
    void expansionIsNotRecursive() {
        assertThat(EnvResolver.expand("$(B)", ENV)).isEqualTo("$(A)");
    }

    @Test
    void unclosedAndLoneDollarsAreLiteral() {
        assertThat(EnvResolver.expand("$(A", ENV)).isEqualTo("$(A");
        assertThat(EnvResolver.expand("a$", ENV)).isEqualTo("a$");
        assertThat(EnvResolver.expand("$A", ENV)).isEqualTo("$A");
    }

    @Test
    void everyWordOfCommandAndArgsIsExpanded() {
        assertThat(EnvResolver.expandAll(List.of("echo", "$(A)", "$$(A)"), ENV)).containsExactly("echo", "alpha", "$(A)");
        assertThat(EnvResolver.expandAll(null, ENV)).isEmpty();
    }
}
