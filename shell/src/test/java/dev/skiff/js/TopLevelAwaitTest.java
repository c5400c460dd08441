package dev.skiff.js;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopLevelAwaitTest {

    @Test
    void splitsStatementsOutsideStringsBracketsAndComments() {
        assertThat(TopLevelAwait.split("a(';'); b = {x: 1; }; // c;\n d")).containsExactly("a(';')", " b = {x: 1; }", " // c;\n d");
    }

    @Test
    void theLastExpressionIsTheValueAndDeclarationsBecomeGlobals() {
        String wrapped = TopLevelAwait.wrap("const x = await f(); x + 1", true);
        assertThat(wrapped).contains("globalThis.x = await f()").contains("return (x + 1");
        assertThat(TopLevelAwait.wrap("if (await ok()) go()", true)).doesNotContain("return");
    }
}
