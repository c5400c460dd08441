package dev.skiff.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Field paths as errors print them: {@code spec.containers[0].resources.limits[cpu]} — dots between
 * fields, brackets around list indexes and map keys (which may themselves hold dots).
 */
final class FieldPaths {
    private FieldPaths() {}

    /** The segments of a path; a bracketed segment keeps its brackets so indexes stay recognisable. */
    static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '.') {
                flush(out, cur);
            } else if (c == '[') {
                flush(out, cur);
                int end = path.indexOf(']', i);
                if (end < 0) end = path.length() - 1;
                out.add(path.substring(i, end + 1));
                i = end;
            } else {
                cur.append(c);
            }
        }
        flush(out, cur);
        return out;
    }

    private static void flush(List<String> out, StringBuilder cur) {
        if (!cur.isEmpty()) out.add(cur.toString());
        cur.setLength(0);
    }

    /** True when {@code path} is {@code prefix} or lies under it. */
    static boolean isWithin(String path, String prefix) {
        List<String> p = split(path);
        List<String> q = split(prefix);
        return p.size() >= q.size() && p.subList(0, q.size()).equals(q);
    }

    /** True when {@code parent} names the object that directly holds {@code path}. */
    static boolean isParent(String parent, String path) {
        List<String> p = split(path);
        return !p.isEmpty() && p.subList(0, p.size() - 1).equals(split(parent));
    }

    /**
     * Removes the field or map entry at {@code path}; false when the path ends at a list element
     * (removing it would renumber its siblings) or does not lead to an object field.
     */
    static boolean remove(ObjectNode root, String path) {
        List<String> segs = split(path);
        if (segs.isEmpty()) return false;
        JsonNode node = root;
        for (String seg : segs.subList(0, segs.size() - 1)) {
            node = child(node, seg);
            if (node == null) return false;
        }
        String last = segs.getLast();
        if (!(node instanceof ObjectNode obj)) return false;
        if (last.startsWith("[") && last.substring(1, last.length() - 1).chars().allMatch(Character::isDigit)) return false;
        String name = last.startsWith("[") ? last.substring(1, last.length() - 1) : last;
        obj.remove(name);
        return true;
    }

    private static JsonNode child(JsonNode node, String seg) {
        if (seg.startsWith("[")) {
            String inner = seg.substring(1, seg.length() - 1);
            if (node.isArray() && !inner.isEmpty() && inner.chars().allMatch(Character::isDigit)) {
                return node.get(Integer.parseInt(inner));
            }
            return node.isObject() ? node.get(inner) : null;
        }
        return node.isObject() ? node.get(seg) : null;
    }
}
