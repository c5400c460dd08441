package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/** JSON merge patches (RFC 7386): the change from one document to another, and applying it. */
final class MergePatch {
    private MergePatch() {}

    /** A patch that turns {@code from} into {@code to}; arrays are replaced whole. */
    static JsonNode diff(JsonNode from, JsonNode to) {
        if (!from.isObject() || !to.isObject()) return to;
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        for (Iterator<String> it = from.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!to.has(f)) patch.putNull(f);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = to.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode before = from.get(e.getKey());
            if (before == null) patch.set(e.getKey(), e.getValue());
            else if (!before.equals(e.getValue())) patch.set(e.getKey(), diff(before, e.getValue()));
        }
        return patch;
    }

    static JsonNode apply(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) return patch;
        ObjectNode out = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) out.remove(e.getKey());
            else out.set(e.getKey(), apply(out.get(e.getKey()), e.getValue()));
        }
        return out;
    }
}
