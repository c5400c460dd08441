package dev.skiff.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps field paths of one parsed document ({@code spec.containers[0].image}, {@code metadata.labels[app]})
 * to where they were written. A path to an object field points at its key, a list element at the element;
 * a path that is not in the document (a missing field) points at its nearest written ancestor.
 */
public final class LocationIndex {
    private final String source;
    private final Map<List<String>, SourceLocation> keys = new HashMap<>();
    private final Map<List<String>, SourceLocation> values = new HashMap<>();

    public LocationIndex(String source) {
        this.source = source;
    }

    void recordKey(List<String> segments, SourceLocation location) {
        keys.put(List.copyOf(segments), location);
    }

    void recordValue(List<String> segments, SourceLocation location) {
        values.putIfAbsent(List.copyOf(segments), location);
    }

    public String source() {
        return source;
    }

    public SourceLocation locate(String path) {
        List<String> segments = segments(path);
        for (int n = segments.size(); n >= 0; n--) {
            List<String> prefix = segments.subList(0, n);
            SourceLocation at = keys.getOrDefault(prefix, values.get(prefix));
            if (at != null) return at;
        }
        return SourceLocation.unknown(source);
    }

    /** Where the value of {@code path} starts (for a field: after its key), or {@link #locate} if unknown. */
    public SourceLocation locateValue(String path) {
        SourceLocation at = values.get(segments(path));
        return at != null ? at : locate(path);
    }

    /** Splits {@code a.b[0][k.x].c} into {@code [a, b, 0, k.x, c]}; dots and brackets name the same thing. */
    public static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '.' || c == '[') {
                flush(current, out);
                if (c == '[') {
                    int close = path.indexOf(']', i);
                    if (close < 0) close = path.length();
                    out.add(path.substring(i + 1, close));
                    i = close;
                }
            } else {
                current.append(c);
            }
        }
        flush(current, out);
        return out;
    }

    private static void flush(StringBuilder current, List<String> out) {
        if (!current.isEmpty()) out.add(current.toString());
        current.setLength(0);
    }

    /** {@code parent.field}, or just {@code field} at the root. */
    public static String field(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    public static String element(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** A map entry, bracketed as Kubernetes does because keys may contain dots. */
    public static String entry(String parent, String key) {
        return parent + "[" + key + "]";
    }
}
