package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** skiff run and skiff test in-process: exit codes, file:line errors, timeouts, the sandbox. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ScriptsTest {

    private static Path script(Path dir, String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void aScriptRunsWithArgumentsImportsAndTopLevelAwait(@TempDir Path dir) throws Exception {
        script(dir, "lib.js", "export const twice = (x) => x * 2;\n");
        Path main = script(dir, "main.js", """
                import { twice } from "./lib.js";
                import { expect } from "skiff/assert";
                await sleep("10ms");
                expect(twice(21)).toBe(42);
                console.log("args:", args.join(","), twice(21));
                """);
        CliRun r = CliRun.of("run", main.toString(), "a", "--b", "c\"\\d");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("args: a,--b,c\"\\d 42");
    }

    @Test
    void anUncaughtErrorExitsOneWithFileAndLine(@TempDir Path dir) throws Exception {
        Path main = script(dir, "fail.js", "const x = 1;\n\nfunction go() {\n  throw new Error(\"boom\");\n}\ngo();\n");
        CliRun r = CliRun.of("run", main.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("Error: boom").contains("fail.js:4");
    }

    @Test
    void aRejectedAwaitNamesTheLineThatStartedIt(@TempDir Path dir) throws Exception {
        Path main = script(dir, "reject.js", "\n\nawait http.get(\"http://127.0.0.1:9/\", {timeout: \"1s\"});\n");
        CliRun r = CliRun.of("run", main.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("GET http://127.0.0.1:9/ failed: ", "reject.js:3").doesNotContain("prelude");
    }

    @Test
    void aHostErrorNamesTheScriptsLineNotTheHostsOwn(@TempDir Path dir) throws Exception {
        Path main = script(dir, "host.js", "// nothing yet\nos.readFile('/etc/hostname');\n");
        CliRun r = CliRun.of("run", main.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("reading /etc/hostname is not allowed", "host.js:2").doesNotContain("prelude");
    }

    @Test
    void loadRunsAnotherScript(@TempDir Path dir) throws Exception {
        Path lib = script(dir, "lib.js", "globalThis.fromLib = 'loaded ' + (1 + 1);\n");
        Path main = script(dir, "main.js", "load('" + lib + "');\nconsole.log(fromLib);\n");
        CliRun r = CliRun.of("run", main.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("loaded 2");
    }

    @Test
    void aSyntaxErrorSaysWhere(@TempDir Path dir) throws Exception {
        Path main = script(dir, "bad.js", "let a = 1;\nlet = = 2;\n");
        CliRun r = CliRun.of("run", main.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("bad.js:2");
    }

    @Test
    void theTimeoutStopsALoopingScript(@TempDir Path dir) throws Exception {
        Path main = script(dir, "loop.js", "while (true) {}\n");
        long start = System.nanoTime();
        CliRun r = CliRun.of("run", "--timeout", "2s", main.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("timed out after 2s");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(60);
    }

    @Test
    void withoutAllowHostIoAScriptCannotReadEtcPasswd(@TempDir Path dir) throws Exception {
        for (String attempt : new String[] {
                "console.log(os.readFile('/etc/passwd'))",
                "load('/etc/passwd')",
                "await import('/etc/passwd')",
                "console.log(Java.type('java.nio.file.Files'))",
                "console.log(os.exec('cat', '/etc/passwd').stdout)"}) {
            Path main = script(dir, "peek.js", attempt + "\n");
            CliRun r = CliRun.of("run", main.toString());
            assertThat(r.exitCode()).as(attempt).isEqualTo(1);
            assertThat(r.out() + r.err()).as(attempt).doesNotContain("root:x:0:0");
        }
        Path main = script(dir, "peek.js", "console.log(os.readFile('/etc/passwd'))\n");
        CliRun denied = CliRun.of("run", main.toString());
        assertThat(denied.err()).contains("--allow-host-io").contains("peek.js:1");
        CliRun allowed = CliRun.of("run", "--allow-host-io", main.toString());
        assertThat(allowed.exitCode()).as(allowed.err()).isZero();
        assertThat(allowed.out()).contains("root:x:0:0");
    }

    @Test
    void skiffTestReportsPassedAndFailed(@TempDir Path dir) throws Exception {
        script(dir, "a.test.js", """
                import { describe, it } from "skiff/test";
                import { expect } from "skiff/assert";
                describe("arithmetic", () => {
                  it("adds", () => expect(1 + 1).toBe(2));
                  it("is wrong on purpose", () => expect(1 + 1).toBe(3));
                });
                """);
        script(dir, "b.test.js", """
                import { it } from "skiff/test";
                it("awaits", async () => { await sleep(5); });
                """);
        CliRun r = CliRun.of("test", dir.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("✓ adds", "✗ is wrong on purpose", "expected 2 to be 3", "✓ awaits");
        assertThat(r.out().strip()).endsWith("2 passed, 1 failed");
    }

    /** stdlib's own JS tests, through the same host the shell uses. */
    @Test
    void theStdlibTestsPass() {
        Path tests = Path.of("..", "stdlib", "src", "test", "js").toAbsolutePath().normalize();
        assertThat(tests).isDirectory();
        CliRun r = CliRun.of("test", tests.toString());
        assertThat(r.out()).as(r.out() + r.err()).containsPattern("(?m)^[1-9]\\d* passed, 0 failed$");
        assertThat(r.exitCode()).isZero();
    }
}
