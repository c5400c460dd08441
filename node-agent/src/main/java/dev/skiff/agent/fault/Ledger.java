package dev.skiff.agent.fault;

import dev.skiff.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * What this node has applied and not yet reverted ({@code <data-dir>/faults/<uid>_<target>.json}).
 * An entry is written (atomically) before its fault is applied and removed after it is reverted,
 * so a restarted agent knows what to revert and never applies a fault twice.
 */
final class Ledger {
    private static final Logger LOG = Logger.getLogger(Ledger.class.getName());
    private static final String SUFFIX = ".json";

    private final Path dir;

    Ledger(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the fault ledger " + dir + ": " + e.getMessage()
                    + " — give the agent a writable --data-dir", e);
        }
    }

    Path dir() {
        return dir;
    }

    LedgerEntry save(LedgerEntry entry) {
        Path file = dir.resolve(entry.key() + SUFFIX);
        Path tmp = dir.resolve(entry.key() + SUFFIX + ".tmp");
        try {
            Files.write(tmp, Json.toJsonBytes(entry));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return entry;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fault ledger entry " + file + ": " + e.getMessage(), e);
        }
    }

    void remove(LedgerEntry entry) {
        try {
            Files.deleteIfExists(dir.resolve(entry.key() + SUFFIX));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the fault ledger entry " + entry.key() + ": " + e.getMessage(), e);
        }
    }

    /** Every entry, by key. An unreadable file is skipped with a warning (a torn write cannot happen: writes are renames). */
    Map<String, LedgerEntry> load() {
        Map<String, LedgerEntry> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
                try {
                    LedgerEntry e = Json.fromJson(Files.readAllBytes(f), LedgerEntry.class);
                    out.put(e.key(), e);
                } catch (IOException | RuntimeException e) {
                    LOG.warning("skipping unreadable fault ledger entry " + f + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the fault ledger " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }
}
