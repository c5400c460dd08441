package dev.skiff.js;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void staticImportsBecomeAwaitedImportsIntoGlobals() {
        String named = TopLevelAwait.staticImports("import { expect, retry as again } from \"skiff/wait\"; again(1)");
        assertThat(named).contains("await import(\"skiff/wait\")")
                .contains("globalThis.expect = m[\"expect\"]", "globalThis.again = m[\"retry\"]")
                .contains("the module \\\"skiff/wait\\\" has no export named retry")
                .endsWith("again(1)");
        assertThat(TopLevelAwait.staticImports("import * as chaos from 'skiff/chaos'")).contains("globalThis.chaos = m;");
        assertThat(TopLevelAwait.staticImports("import d, { a } from './lib.js'"))
                .contains("globalThis.d = m[\"default\"]", "globalThis.a = m[\"a\"]");
        assertThat(TopLevelAwait.staticImports("import './side.js'")).isEqualTo("(await import('./side.js'), undefined)");
    }

    @Test
    void codeWithoutStaticImportsIsLeftAsItIs() {
        for (String code : new String[] {"const m = await import('skiff/wait')", "important(1); x = 'import {a} from \"b\"'",
                "import { a-b } from 'm'"}) {
            assertThat(TopLevelAwait.staticImports(code)).isEqualTo(code);
        }
    }

    @Test
    void errorsAfterAnAwaitOrAnImportNameTheLineTyped() {
        try (JsSession js = JsSession.start(new JsSession.Options(Path.of("").toAbsolutePath(), false, line -> { },
                () -> { throw new IllegalStateException("this test has no cluster"); }, () -> "default", List.of(), null))) {
            JsSession.Outcome sameLine = js.eval("const a = await sleep(1); nosuch");
            assertThat(sameLine).isInstanceOf(JsSession.Outcome.Failed.class);
            assertThat(((JsSession.Outcome.Failed) sameLine).message()).contains("nosuch is not defined", "<prompt>:1:");
            JsSession.Outcome later = js.eval("await sleep(1);\n\n\nnosuch");
            assertThat(((JsSession.Outcome.Failed) later).message()).contains("<prompt>:4:");
            JsSession.Outcome imported = js.eval("import { nope } from 'skiff/wait'");
            assertThat(imported).isInstanceOf(JsSession.Outcome.Failed.class);
            assertThat(((JsSession.Outcome.Failed) imported).message()).contains("has no export named nope", "<prompt>:1:")
                    .doesNotContain("<prompt>:2:");
        }
    }

    @Test
    void aRelativeImportAtThePromptStartsInTheWorkingDirectory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("lib.js"), "export const twice = (x) => x * 2;\nexport default 'dflt';\n");
        try (JsSession js = JsSession.start(new JsSession.Options(dir, false, line -> { },
                () -> { throw new IllegalStateException("this test has no cluster"); }, () -> "default", List.of(), null))) {
            assertThat(js.eval("import label, { twice } from './lib.js'")).isEqualTo(new JsSession.Outcome.Shown(""));
            assertThat(js.eval("label + ' ' + twice(21)")).isEqualTo(new JsSession.Outcome.Shown("dflt 42"));
        }
    }
}
