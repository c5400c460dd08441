package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The distribution's picocli jar, as the package phase rewrote it (src/build/ModernizeJar.java): class files the
 * start-up caches can store, which the JVM verifies and loads, with everything else picocli ships unchanged.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PicocliCacheableIT {
    private static final Path DIST = Path.of("target/skiff.jar");
    private static final Path JAR = Path.of("target/lib/picocli-" + CommandLine.VERSION + ".jar");

    @Test
    void everyClassFileIsJava6OrNewer() throws IOException {
        Map<String, Integer> versions = classVersions(JAR);
        assertThat(versions).as("classes in %s", JAR).hasSizeGreaterThan(150);
        assertThat(versions).allSatisfy((name, major) -> assertThat(major).as(name).isGreaterThanOrEqualTo(50));
    }

    @Test
    void theJarHoldsWhatPicocliShipsWithOnlyClassFilesRewritten() throws IOException {
        Path original = shipped();
        Map<String, byte[]> shipped = entries(original);
        Map<String, byte[]> rewritten = entries(JAR);
        assertThat(rewritten.keySet()).containsExactlyElementsOf(shipped.keySet());
        shipped.forEach((name, bytes) -> {
            if (!name.endsWith(".class") || name.startsWith("META-INF/")) {
                assertThat(rewritten.get(name)).as(name).isEqualTo(bytes);
            }
        });
    }

    @Test
    void everyClassVerifiesAndLoads() throws Exception {
        List<String> failed = new ArrayList<>();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            for (String name : classVersions(JAR).keySet()) {
                String binary = name.substring(0, name.length() - ".class".length()).replace('/', '.');
                try {
                    Class<?> c = Class.forName(binary, true, loader); // linking runs the split verifier on the frames
                    assertThat(c.getClassLoader()).isSameAs(loader);
                } catch (LinkageError | ReflectiveOperationException e) {
                    failed.add(binary + ": " + e);
                }
            }
        }
        assertThat(failed).isEmpty();
    }

    /** The goal: a dynamic CDS archive of a one-shot command keeps picocli's classes (it skipped every one before). */
    @Test
    void aStartUpArchiveKeepsPicocli(@TempDir Path dir) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-XX:ArchiveClassesAtExit=" + dir.resolve("version.jsa"),
                "-Xlog:cds=warning", "-jar", DIST.toString(), "version")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("skiff ").doesNotContain("picocli/");
        assertThat(dir.resolve("version.jsa")).isNotEmptyFile();
    }

    private static Map<String, Integer> classVersions(Path jar) throws IOException {
        Map<String, Integer> versions = new TreeMap<>();
        entries(jar).forEach((name, bytes) -> {
            if (name.endsWith(".class") && !name.startsWith("META-INF/")) {
                versions.put(name, ((bytes[6] & 0xff) << 8) | (bytes[7] & 0xff));
            }
        });
        return versions;
    }

    private static Map<String, byte[]> entries(Path jar) throws IOException {
        assertThat(jar).as("the distribution; build it with mvn -pl shell -am package").isRegularFile();
        Map<String, byte[]> entries = new TreeMap<>();
        try (JarFile in = new JarFile(jar.toFile(), false)) {
            in.stream().forEach(e -> {
                try (InputStream s = in.getInputStream(e)) {
                    entries.put(e.getName(), s.readAllBytes());
                } catch (IOException x) {
                    throw new UncheckedIOException(x);
                }
            });
        }
        return entries;
    }

    /**
     * The jar Maven resolved, from the test class path (picocli's classes themselves load from target/lib:
     * skiff.jar's manifest Class-Path names it before the dependencies Maven lists).
     */
    private static Path shipped() {
        Path rewritten = JAR.toAbsolutePath().normalize();
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(e -> Path.of(e).toAbsolutePath().normalize())
                .filter(p -> p.getFileName().toString().equals(JAR.getFileName().toString()) && !p.equals(rewritten))
                .findFirst().orElseThrow(() -> new AssertionError("no " + JAR.getFileName() + " on the test class path"));
    }
}
