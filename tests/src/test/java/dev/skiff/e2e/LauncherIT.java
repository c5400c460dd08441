package dev.skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** ./skiff as a newcomer runs it: finds a JDK >= 21 by itself, builds when needed, runs. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class LauncherIT {
    private static final String OLD_PATH = "/usr/bin:/bin:/usr/sbin:/sbin";

    @Test
    void versionRunsWithAnOldJavaOnThePathAndNoJavaHome() {
        Repo.Result r = Repo.run(Map.of("PATH", OLD_PATH, "JAVA_HOME", ""), 240, "./skiff", "version");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).matches("skiff \\S+ \\(Java (2[1-9]|[3-9]\\d)[^)]*\\)\\n");
    }

    @Test
    void aJavaHomeOlderThan21IsPassedOver() {
        Path jdk17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
        Repo.Result r = Repo.run(Map.of("JAVA_HOME", jdk17.toString()), 240, "./skiff", "version");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("Java 17");
    }

    @Test
    void helpListsTheVerbs() {
        Repo.Result r = Repo.run(Map.of(), 240, "./skiff", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Usage: skiff", "apply", "get", "delete", "server", "version");
    }

    @Test
    void noSuitableJdkIsAClearMessage(@TempDir Path empty) throws Exception {
        Path fakeJvms = Files.createDirectories(empty.resolve("jvm"));
        Repo.Result r = Repo.run(Map.of("PATH", "/usr/bin:/bin", "JAVA_HOME", "", "SKIFF_JVM_DIR", fakeJvms.toString()),
                60, "bash", "-c", "PATH=/nonexistent:/bin; hash -r; ./skiff version");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("no JDK 21 or newer found", "JAVA_HOME");
    }
}
