package dev.skiff.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/lib/java.sh's built-in-only helpers answer as the commands they replaced (sort -rV, find -newer, sed). */
class LauncherScriptTest {
    private static final Path JAVA_SH = Path.of("..", "scripts", "lib", "java.sh").toAbsolutePath();

    @Test
    void jdkDirectoriesAreTriedInSortsVersionOrderNewestFirst(@TempDir Path jvms) throws Exception {
        for (String name : List.of("temurin-25-jdk-amd64", "temurin-21-jdk-amd64", "java-17-openjdk-amd64",
                "java-1.8.0-openjdk-amd64", "default-java", "jdk-21.0.10", "jdk-21.0.9", "jdk-21.0.9+7", "jdk-021",
                "jdk-21", "Jdk-22", "jdk~23", "jdk_24", "zulu21", "zulu-21", "openjdk-26-ea", "openjdk-26",
                "graalvm-jdk-25.0.1+8.1", "a.b", "a~", "with space-22")) {
            Files.createDirectories(jvms.resolve(name));
        }
        String sorted = bash("ls -d \"$0\"/*/ | sort -rV", jvms.toString());
        String ours = bash(". \"$0\"; skiff_jvms_newest_first \"$1\"; for d in \"${SKIFF_JVMS[@]}\"; do echo \"$d/\"; done",
                JAVA_SH.toString(), jvms.toString());
        assertThat(ours).isEqualTo(sorted).contains("zulu-21/\n");
    }

    @Test
    void theReleaseFileGivesTheFeatureRelease(@TempDir Path jdk) throws Exception {
        Files.createDirectories(jdk.resolve("bin"));
        for (var c : List.of(List.of("25.0.3", "25"), List.of("1.8.0_392", "8"), List.of("26-ea", "26"), List.of("21", "21"))) {
            Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION_DATE=\"2026-01-20\"\nJAVA_VERSION=\""
                    + c.get(0) + "\"\nOS_NAME=\"Linux\"\n");
            String major = bash(". \"$0\"; skiff_java_major \"$1/bin/java\"; skiff_java_version \"$1\"", JAVA_SH.toString(),
                    jdk.toString());
            assertThat(major).as(c.get(0)).isEqualTo(c.get(1) + "\n" + c.get(0) + "\n");
        }
    }

    @Test
    void aJarNewerThanACacheMakesItStaleAsFindNewerDid(@TempDir Path dir) throws Exception {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Path jar = Files.writeString(lib.resolve("a.jar"), "x");
        Path cache = Files.writeString(dir.resolve("get.aot"), "x");
        String check = ". \"$0\"; skiff_jars_newer \"$1\" \"$2\" && echo newer || echo older";
        Files.setLastModifiedTime(lib, java.nio.file.attribute.FileTime.fromMillis(1_000_000));
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(1_000_000));
        Files.setLastModifiedTime(cache, java.nio.file.attribute.FileTime.fromMillis(2_000_000));
        assertThat(bash(check, JAVA_SH.toString(), lib.toString(), cache.toString())).isEqualTo("older\n");
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(3_000_000));
        assertThat(bash(check, JAVA_SH.toString(), lib.toString(), cache.toString())).isEqualTo("newer\n");
    }

    private static String bash(String script, String... args) throws Exception {
        var command = new java.util.ArrayList<>(List.of("bash", "-c", script));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
