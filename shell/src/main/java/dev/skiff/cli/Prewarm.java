package dev.skiff.cli;

import dev.skiff.api.Json;
import dev.skiff.api.Kinds;
import java.util.Set;

/**
 * Builds Jackson's deserializers for the kind a reading verb names while picocli builds its model:
 * the two are a one-shot {@code get}'s largest start-up costs after jetcd (~0.35 s and ~0.4 s of CPU),
 * and on a machine with two or more cores they overlap. Only a head start: the command decodes as
 * usual and Jackson's cache makes whichever thread comes second reuse (or wait for) the first's work.
 */
final class Prewarm {
    private Prewarm() {}

    private static final Set<String> READING_VERBS = Set.of("get", "describe");

    static void decodingFor(String... args) {
        if (args.length < 2 || !READING_VERBS.contains(args[0]) || Runtime.getRuntime().availableProcessors() < 2) return;
        String kind = args[1].split(",", 2)[0];
        Kinds.resolve(kind).ifPresent(info -> Thread.ofPlatform().name("skiff-prewarm").daemon(true)
                .start(() -> {
                    initialiseBigDecimal();
                    Json.json().readerFor(info.type());
                }));
    }

    /**
     * Jackson's parser classes use BigDecimal, whose static initialiser squares 5 sixteen times up to 5^65536
     * (JDK 25): ~40 ms of cold arithmetic that the first decode would otherwise wait for on the main thread.
     */
    private static void initialiseBigDecimal() {
        java.math.BigDecimal.ONE.signum();
    }
}
