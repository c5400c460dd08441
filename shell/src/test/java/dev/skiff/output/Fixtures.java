package dev.skiff.output;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Json;
import dev.skiff.api.KindInfo;
import dev.skiff.api.Kinds;
import dev.skiff.api.Resource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Realistic objects from src/test/resources/fixtures, read as the store would hand them back. */
final class Fixtures {
    /** The fixed "now" every golden table is printed at. */
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private Fixtures() {}

    static List<Resource> load(String plural) {
        String text = resource("/fixtures/" + plural + ".yaml");
        List<Resource> out = new ArrayList<>();
        for (String doc : text.split("(?m)^---$")) {
            if (doc.isBlank()) continue;
            try {
                JsonNode tree = Json.yaml().readTree(doc);
                out.add(Json.resourceFromTree(tree));
            } catch (IOException e) {
                throw new IllegalStateException("fixture " + plural + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    static KindInfo kind(String plural) {
        return Kinds.resolve(plural).orElseThrow();
    }

    static String resource(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("no test resource " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
