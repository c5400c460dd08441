package dev.skiff.local;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How to start another skiff process: through the {@code ./skiff} launcher when we were started by
 * it ({@code SKIFF_LAUNCHER}), else with this JVM's own java and class path (tests, IDEs).
 */
public final class Launcher {
    /**
     * What a {@code skiff agent} JVM gets (the agent runs on every node next to its pods, so its RSS
     * counts): as {@code skiff_jvm_opts agent} in scripts/lib/java.sh; keep the two in step.
     */
    public static final List<String> AGENT_JVM_FLAGS = agentJvmFlags(Runtime.version().feature());

    static List<String> agentJvmFlags(int javaMajor) {
        var flags = new ArrayList<String>();
        flags.add("-XX:+PerfDisableSharedMem");
        if (javaMajor >= 25) flags.add("-XX:+UseCompactObjectHeaders"); // a product flag since JDK 25
        flags.addAll(List.of("-Xss256k", "-Xms8m", "-Xmx128m", "-Xmn1m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20",
                "-XX:MaxMetaspaceSize=64m", "-XX:ReservedCodeCacheSize=24m", "-XX:CICompilerCount=1",
                "-XX:MaxDirectMemorySize=32m"));
        // C1's default thresholds compile start-up code that never runs again (~1.5 MB of code cache and arenas)
        flags.addAll(List.of("-XX:Tier3InvocationThreshold=2000", "-XX:Tier3MinInvocationThreshold=1000",
                "-XX:Tier3CompileThreshold=20000", "-XX:Tier3BackEdgeThreshold=600000"));
        // glibc keeps what the JIT's start-up burst freed (~5 MB of an idle agent): malloc_trim every 10 s
        if (javaMajor >= 22) flags.add("-XX:TrimNativeHeapInterval=10000"); // a product flag since JDK 22
        // 4,096 buckets for its ~3,800 interned strings, not 65,536 (512 KB, all written); the JVM grows it when fuller
        flags.add("-XX:StringTableSize=4096");
        return List.copyOf(flags);
    }

    /**
     * Jars an agent never loads from: GraalJS/Truffle/ICU4J (the JS prompt), JLine and Jansi (the prompt), SQLite (skiff
     * server's embedded store), the JS stdlib, and jetcd with its gRPC/Netty/Vert.x/protobuf stack (the agent
     * reaches the store through WireStore), and BouncyCastle (docker-java reads TLS files with it; the agent's DockerTls
     * uses the JDK). The JVM opens every jar on its class path and keeps its central
     * directory on the heap (~4 MB of an idle agent's RSS for the first group). As shell/pom.xml's agent.classpath;
     * keep in step.
     */
    static final Pattern AGENT_EXCLUDED_JARS = Pattern.compile(
            "(polyglot|collections|nativeimage|word|jniutils|js-language|js|regex|truffle-[a-z]+|icu4j|xz"
                    + "|jline|picocli-shell-jline3|jansi|sqlite-jdbc|skiff-stdlib"
                    + "|jetcd-[a-z]+|vertx-[a-z-]+|grpc-[a-z-]+|netty-[a-z0-9-]+|protobuf-java|proto-google-common-protos"
                    + "|perfmark-api|failsafe|javax\\.annotation-api|animal-sniffer-annotations|bc[a-z]+-jdk18on)-\\d[^/]*\\.jar");

    /**
     * docker-java and the jars only it uses (Guava, Apache Commons and HttpClient 5, JNA): on an agent's class path for
     * {@code --runtime docker} alone (~1.1 MB of an idle process-runtime agent). As shell/pom.xml's
     * agent-docker.classpath; keep in step.
     */
    static final Pattern DOCKER_JARS = Pattern.compile(
            "(docker-java-[a-z0-9-]+|commons-(io|compress|codec|lang3)|guava|failureaccess|listenablefuture|jspecify"
                    + "|j2objc-annotations|httpclient5|httpcore5(-h2)?|jna|error_prone_annotations|jsr305)-\\d[^/]*\\.jar");

    /** This JVM's class path without {@link #AGENT_EXCLUDED_JARS} (nor {@link #DOCKER_JARS} but for docker pods). */
    static String agentClassPath(String classPath, boolean docker) {
        return Arrays.stream(classPath.split(File.pathSeparator))
                .filter(entry -> !AGENT_EXCLUDED_JARS.matcher(new File(entry).getName()).matches())
                .filter(entry -> docker || !DOCKER_JARS.matcher(new File(entry).getName()).matches())
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** The {@code --runtime} an agent's arguments name (AgentCommand's default: process), as java.sh's skiff_agent_runtime. */
    static String agentRuntime(List<String> agentArgs) {
        String runtime = "process";
        for (int i = 0; i < agentArgs.size(); i++) {
            String a = agentArgs.get(i);
            if (a.equals("--runtime") && i + 1 < agentArgs.size()) runtime = agentArgs.get(++i);
            else if (a.startsWith("--runtime=")) runtime = a.substring("--runtime=".length());
        }
        return runtime;
    }

    private Launcher() {}

    public static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        String launcher = System.getenv("SKIFF_LAUNCHER");
        if (launcher != null && !launcher.isBlank()) {
            cmd.add(launcher);
        } else {
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("--enable-native-access=ALL-UNNAMED");
            cmd.add("-XX:+UseSerialGC");
            cmd.add("-XX:TieredStopAtLevel=1");
            boolean agent = args.length > 0 && args[0].equals("agent");
            if (agent) cmd.addAll(AGENT_JVM_FLAGS);
            String classPath = System.getProperty("java.class.path");
            cmd.add("-cp");
            cmd.add(agent ? agentClassPath(classPath, agentRuntime(List.of(args)).equals("docker")) : classPath);
            cmd.add(agent ? "dev.skiff.cli.AgentMain" : "dev.skiff.cli.Main"); // as ./skiff: the agent's options without picocli's model
        }
        cmd.addAll(List.of(args));
        return cmd;
    }
}
