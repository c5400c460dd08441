package dev.skiff.controllers.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.api.Json;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.PodTemplateSpec;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code pod-template-hash}: FNV-1a (32 bit) of the template's canonical JSON plus the
 * collision count, spelled in Kubernetes' safe alphabet (no vowels, so no words). Canonical because
 * the JSON mapper orders map keys and records have a fixed field order: the same template always
 * hashes the same, across processes and restarts.
 */
public final class TemplateHash {

    public static final String LABEL = "pod-template-hash";
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private TemplateHash() {
    }

    public static String of(PodTemplateSpec template, int collisionCount) {
        byte[] json = Json.toJsonBytes(withoutHash(template));
        int h = 0x811c9dc5;
        for (byte b : json) {
            h ^= b & 0xff;
            h *= 0x01000193;
        }
        if (collisionCount > 0) {
            for (byte b : Integer.toString(collisionCount).getBytes(StandardCharsets.UTF_8)) {
                h ^= b & 0xff;
                h *= 0x01000193;
            }
        }
        return encode(Integer.toUnsignedLong(h));
    }

    private static String encode(long value) {
        StringBuilder sb = new StringBuilder();
        do {
            sb.append(ALPHABET.charAt((int) (value % ALPHABET.length())));
            value /= ALPHABET.length();
        } while (value > 0);
        return sb.toString();
    }

    /** The template without the hash label, which is how a Deployment's template looks. */
    public static PodTemplateSpec withoutHash(PodTemplateSpec t) {
        ObjectMeta m = t.metadata() == null ? ObjectMeta.EMPTY : t.metadata();
        if (!m.labelsOrEmpty().containsKey(LABEL)) return t;
        Map<String, String> labels = new LinkedHashMap<>(m.labels());
        labels.remove(LABEL);
        return t.withMetadata(m.withLabels(labels.isEmpty() ? null : labels));
    }

    /** The template with the hash label added to its labels. */
    public static PodTemplateSpec withHash(PodTemplateSpec t, String hash) {
        ObjectMeta m = t.metadata() == null ? ObjectMeta.EMPTY : t.metadata();
        Map<String, String> labels = new LinkedHashMap<>(m.labelsOrEmpty());
        labels.put(LABEL, hash);
        return t.withMetadata(m.withLabels(labels));
    }

    /** Equal templates, ignoring the hash label (Kubernetes' EqualIgnoreHash). */
    public static boolean sameTemplate(PodTemplateSpec a, PodTemplateSpec b) {
        JsonNode x = Json.toTree(withoutHash(a));
        JsonNode y = Json.toTree(withoutHash(b));
        return normalise(x).equals(normalise(y));
    }

    /** Missing metadata and empty metadata mean the same template. */
    private static JsonNode normalise(JsonNode n) {
        if (n instanceof ObjectNode o && o.has("metadata") && o.get("metadata").isEmpty()) o.remove("metadata");
        return n;
    }
}
