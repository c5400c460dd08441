package dev.skiff.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** An agent started from a JVM (a local cluster, a benchmark) runs as {@code ./skiff agent} runs it. */
class LauncherTest {
    private static final Path JAVA_SH = Path.of("..", "scripts", "lib", "java.sh");

    @Test
    void theAgentClassPathDropsThePromptsJsJetcdAndBouncyCastleJarsAndKeepsTheRest() {
        var m2 = "/m2/org/graalvm/";
        var cp = String.join(File.pathSeparator, "/x/shell/target/classes", m2 + "polyglot/polyglot/25.0.1/polyglot-25.0.1.jar",
                m2 + "js/js-language/25.0.1/js-language-25.0.1.jar", m2 + "shadowed/icu4j/25.0.1/icu4j-25.0.1.jar",
                m2 + "truffle/truffle-api/25.0.1/truffle-api-25.0.1.jar", "/m2/org/jline/jline/3.30.6/jline-3.30.6.jar",
                "/m2/org/xerial/sqlite-jdbc/3.50.3.0/sqlite-jdbc-3.50.3.0.jar", "/lib/skiff-stdlib-0.1.0-SNAPSHOT.jar",
                "/lib/jetcd-core-0.8.6.jar", "/lib/netty-codec-http2-4.2.7.Final.jar", "/lib/grpc-netty-1.76.0.jar",
                "/lib/vertx-core-logging-5.0.5.jar", "/lib/protobuf-java-3.25.8.jar", "/lib/failsafe-3.3.2.jar",
                "/lib/bcprov-jdk18on-1.82.jar", "/lib/bcpkix-jdk18on-1.82.jar", "/lib/bcutil-jdk18on-1.82.jar",
                "/lib/jackson-databind-2.21.8.jar", "/lib/picocli-4.7.7.jar",
                "/lib/jansi-2.4.2.jar", "/lib/commons-collections4-4.4.jar", "/lib/skiff-node-agent-0.1.0-SNAPSHOT.jar");

        assertThat(Launcher.agentClassPath(cp).split(File.pathSeparator)).containsExactly("/x/shell/target/classes",
                "/lib/jackson-databind-2.21.8.jar", "/lib/picocli-4.7.7.jar",
                "/lib/jansi-2.4.2.jar", "/lib/commons-collections4-4.4.jar", "/lib/skiff-node-agent-0.1.0-SNAPSHOT.jar");
    }

    @Test
    void theAgentsJvmFlagsAreThoseOfTheLauncherScript() throws Exception {
        for (int major : List.of(21, 22, 25)) {
            var script = new HashSet<>(Arrays.asList(skiffJvmOpts("agent", major).split("\\s+")));
            script.remove("-Xshare:auto"); // the JVM's default; ./skiff says it for the archive it adds
            var launcher = new HashSet<>(Launcher.agentJvmFlags(major));
            launcher.addAll(Set.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")); // Launcher.command adds these to every verb
            assertThat(launcher).as("JDK %d", major).isEqualTo(script);
        }
    }

    private static String skiffJvmOpts(String verb, int major) throws Exception {
        var bash = new ProcessBuilder("bash", "-c", ". \"$0\" && skiff_jvm_opts \"$1\" \"$2\"", JAVA_SH.toString(), verb,
                Integer.toString(major)).redirectErrorStream(true).start();
        var out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(bash.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(out).isZero();
        return out;
    }
}
