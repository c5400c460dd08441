package dev.skiff.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import dev.skiff.api.Json;
import dev.skiff.api.Kinds;
import java.util.Set;

/**
 * Builds Jackson's deserializers for the kind a reading verb names while the command line is bound and the
 * store answers: on a machine with two or more cores the three overlap. Only a head start: the command
 * decodes as usual and Jackson's cache makes whichever thread comes second reuse the first's work.
 */
final class Prewarm {
    private Prewarm() {}

    private static final Set<String> READING_VERBS = Set.of("get", "describe");

    /** Starts building the decoders on a thread of its own; true when it did (a reading verb, two cores or more). */
    static boolean decodingFor(String... args) {
        if (args.length < 2 || !READING_VERBS.contains(args[0]) || Runtime.getRuntime().availableProcessors() < 2) return false;
        String kind = args[1].split(",", 2)[0];
        Kinds.resolve(kind).ifPresent(info -> Thread.ofPlatform().name("skiff-prewarm").daemon(true)
                .start(() -> {
                    Json.json(); // first: its set-up (JSON, java.time, the JDK's calendar and locale data) is the longest
                    skeleton(info.type());
                }));
        return true;
    }

    /**
     * Decodes an object of the kind with empty metadata, spec and status: Skiff's records get their deserializers
     * when first read (LazyRecordDeserializers), so this builds the kind's and those three, which every object of
     * it uses. A kind without one of them ignores it here; whatever the skeleton cannot be is the real decode's to say.
     */
    private static void skeleton(Class<?> type) {
        try {
            Json.json().readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue("{\"metadata\": {}, \"spec\": {}, \"status\": {}}");
        } catch (java.io.IOException | RuntimeException e) {
            // only a head start
        }
    }

    /**
     * Jackson's parser classes use BigDecimal, whose static initialiser squares 5 sixteen times up to 5^65536
     * (JDK 25): ~40 ms of cold arithmetic. Main calls this on its own thread, beside the prewarm thread's
     * mapper set-up, so the first decode waits for neither one after the other.
     */
    static void initialiseBigDecimal() {
        java.math.BigDecimal.ONE.signum();
    }
}
