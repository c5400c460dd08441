package dev.skiff.shell;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Prompt aliases ({@code alias k=get pods}), kept one per line in {@code $SKIFF_HOME/aliases}. */
final class Aliases {
    private final Path file;
    private final Map<String, String> aliases = new TreeMap<>();

    Aliases(Path file) {
        this.file = file;
        load();
    }

    Map<String, String> all() {
        return Map.copyOf(aliases);
    }

    void set(String name, String expansion) {
        if (!name.matches("[A-Za-z][\\w-]*")) {
            throw new IllegalArgumentException("alias names are letters, digits, '-' and '_', starting with a letter: \"" + name + "\"");
        }
        aliases.put(name, expansion);
        save();
    }

    boolean remove(String name) {
        boolean had = aliases.remove(name) != null;
        if (had) save();
        return had;
    }

    private void load() {
        if (!Files.exists(file)) return;
        try {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (eq > 0 && !line.startsWith("#")) aliases.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read aliases from " + file, e);
        }
    }

    private void save() {
        StringBuilder sb = new StringBuilder("# skiff prompt aliases: NAME=WORDS\n");
        aliases.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write aliases to " + file, e);
        }
    }
}
