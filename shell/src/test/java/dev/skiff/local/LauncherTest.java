package dev.skiff.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

        assertThat(Launcher.agentClassPath(cp, false).split(File.pathSeparator)).containsExactly("/x/shell/target/classes",
                "/lib/jackson-databind-2.21.8.jar", "/lib/picocli-4.7.7.jar",
                "/lib/commons-collections4-4.4.jar", "/lib/skiff-node-agent-0.1.0-SNAPSHOT.jar");
    }

    @Test
    void dockerJavaAndTheJarsOnlyItUsesAreOnADockerAgentsClassPathAlone() {
        var docker = List.of("/lib/docker-java-core-3.7.1.jar", "/lib/docker-java-transport-httpclient5-3.7.1.jar",
                "/lib/guava-33.4.8-jre.jar", "/lib/failureaccess-1.0.3.jar",
                "/lib/listenablefuture-9999.0-empty-to-avoid-conflict-with-guava.jar", "/lib/commons-io-2.21.0.jar",
                "/lib/commons-compress-1.28.0.jar", "/lib/httpclient5-5.5.1.jar", "/lib/httpcore5-h2-5.3.6.jar",
                "/lib/jna-5.18.1.jar", "/lib/jsr305-3.0.2.jar");
        var kept = List.of("/lib/skiff-node-agent-0.1.0-SNAPSHOT.jar", "/lib/dnsjava-3.6.3.jar", "/lib/slf4j-api-2.0.17.jar",
                "/lib/jackson-core-2.21.8.jar");
        var cp = String.join(File.pathSeparator, kept) + File.pathSeparator + String.join(File.pathSeparator, docker);

        assertThat(Launcher.agentClassPath(cp, false).split(File.pathSeparator)).containsExactlyElementsOf(kept);
        assertThat(Launcher.agentClassPath(cp, true)).isEqualTo(cp);
    }

    @Test
    void anAgentsRuntimeIsTheOneItsArgumentsNameElseProcess() {
        assertThat(Launcher.agentRuntime(List.of("agent", "--name", "n1", "--runtime", "docker"))).isEqualTo("docker");
        assertThat(Launcher.agentRuntime(List.of("agent", "--runtime=docker", "--name", "n1"))).isEqualTo("docker");
        assertThat(Launcher.agentRuntime(List.of("agent", "--name", "n1"))).isEqualTo("process");
    }

    /** ./skiff agent builds its class path from the lists shell/pom.xml writes: docker's only for --runtime docker. */
    @Test
    void theLauncherScriptAddsTheDockerJarsForADockerAgentAlone(@TempDir Path target) throws Exception {
        Files.writeString(target.resolve("skiff-agent.jar"), "");
        Files.writeString(target.resolve("agent.classpath"), "lib/a.jar:lib/b.jar\n");
        Files.writeString(target.resolve("agent-docker.classpath"), "lib/docker.jar\n");
        String t = target.toString();

        assertThat(bash("skiff_agent_classpath \"$0\" --name n1 --runtime docker", t))
                .isEqualTo(t + "/skiff-agent.jar:" + t + "/lib/a.jar:" + t + "/lib/b.jar:" + t + "/lib/docker.jar");
        assertThat(bash("skiff_agent_classpath \"$0\" --runtime=docker", t)).endsWith(":" + t + "/lib/docker.jar");
        assertThat(bash("skiff_agent_classpath \"$0\" --name n1", t))
                .isEqualTo(t + "/skiff-agent.jar:" + t + "/lib/a.jar:" + t + "/lib/b.jar");
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
        return bash("skiff_jvm_opts \"$0\" \"$1\"", verb, Integer.toString(major));
    }

    /** Runs {@code command} after sourcing java.sh, with {@code args} as $0, $1…; returns its trimmed output. */
    private static String bash(String command, String... args) throws Exception {
        var cmd = new java.util.ArrayList<>(List.of("bash", "-c", ". \"" + JAVA_SH.toAbsolutePath() + "\" && " + command));
        cmd.addAll(List.of(args));
        var bash = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        var out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(bash.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(out).isZero();
        return out;
    }
}
