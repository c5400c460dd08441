import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * A build step of the shell module (shell/pom.xml, package phase, run by the JDK's source launcher with ASM
 * on the class path): rewrites, in place, the class files of a distribution jar that are older than Java 6
 * (major version < 50) as Java 8 class files with stack-map frames.
 *
 * <p>Why: picocli 4.7 (the newest release) ships Java 5 class files, and neither AppCDS nor the JDK 25 AOT
 * cache stores a class older than 50: every skiff command parsed and verified ~170 picocli classes from the
 * jar on every start (0.25-0.5 s of a one-shot {@code skiff get}). The bytecode is unchanged; only the
 * version and the frames the split verifier needs are added, so picocli behaves exactly as before.
 *
 * <p>A jar with no such class is left alone (not even its modification time changes: the launcher's
 * start-up caches are invalidated by a newer jar). Usage: {@code java -cp asm.jar ModernizeJar.java JAR…}
 */
public final class ModernizeJar {
    private static final int OLDEST_CACHEABLE = Opcodes.V1_6;
    private static final int TARGET = Opcodes.V1_8;

    public static void main(String[] args) throws IOException {
        if (args.length == 0) throw new IllegalArgumentException("usage: ModernizeJar JAR…");
        for (String arg : args) modernize(Path.of(arg));
    }

    private static void modernize(Path jar) throws IOException {
        if (!Files.isRegularFile(jar)) throw new IllegalArgumentException(jar + ": no such jar (did copy-dependencies run?)");
        if (countOld(jar) == 0) {
            System.out.println("ModernizeJar: " + jar.getFileName() + " has no class file older than Java 6");
            return;
        }
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        int rewritten = 0;
        try (JarFile in = new JarFile(jar.toFile(), false);
             URLClassLoader hierarchy = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(tmp))) {
            for (JarEntry entry : java.util.Collections.list(in.entries())) {
                byte[] bytes;
                try (InputStream s = in.getInputStream(entry)) {
                    bytes = s.readAllBytes();
                }
                if (isOldClass(entry, bytes)) {
                    bytes = rewrite(bytes, hierarchy);
                    rewritten++;
                }
                JarEntry copy = new JarEntry(entry.getName());
                copy.setTime(entry.getTime()); // the same entries, dated as released
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("ModernizeJar: " + jar.getFileName() + ": " + rewritten + " class files rewritten as Java 8 with stack-map frames");
    }

    private static long countOld(Path jar) throws IOException {
        try (JarFile in = new JarFile(jar.toFile(), false)) {
            return in.stream().filter(e -> {
                try (InputStream s = in.getInputStream(e)) {
                    return isOldClass(e, s.readNBytes(8));
                } catch (IOException x) {
                    throw new UncheckedIOException(x);
                }
            }).count();
        }
    }

    /** Class files of the base release only: META-INF/versions/N/ holds newer ones (module-info) by definition. */
    private static boolean isOldClass(JarEntry entry, byte[] head) {
        return entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF/") && head.length >= 8
                && (((head[6] & 0xff) << 8) | (head[7] & 0xff)) < OLDEST_CACHEABLE;
    }

    /**
     * Frames need the common super class of two types, which ASM finds by loading them (not initialising):
     * from the jar itself for its own classes, from the JDK for the rest.
     */
    private static byte[] rewrite(byte[] bytes, ClassLoader hierarchy) {
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return hierarchy;
            }
        };
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                super.visit(TARGET, access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }
}
