package dev.skiff.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares output with a file under src/test/resources/golden. After a deliberate change, rerun
 * with SKIFF_UPDATE_GOLDEN=1 to rewrite the files, and review the diff before committing.
 */
final class Golden {
    private static final Path DIR = Path.of("src/test/resources/golden");

    private Golden() {}

    static void check(String name, String actual) {
        Path file = DIR.resolve(name);
        try {
            if (System.getenv("SKIFF_UPDATE_GOLDEN") != null) {
                Files.createDirectories(DIR);
                Files.writeString(file, actual);
                return;
            }
            assertThat(file).as("golden file %s (create it with SKIFF_UPDATE_GOLDEN=1)", file).exists();
            assertThat(actual).as("output differs from %s", file).isEqualTo(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
