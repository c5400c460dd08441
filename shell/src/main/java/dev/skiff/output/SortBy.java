package dev.skiff.output;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Quantity;
import dev.skiff.api.QuantityFormatException;
import dev.skiff.output.jsonpath.JsonPath;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * {@code --sort-by} as kubectl sorts: by the first value the JSONPath finds in each object,
 * numbers by value, quantities by amount (100m before 1), other strings in natural order
 * (pod-2 before pod-10), objects missing the field first; a stable sort.
 */
final class SortBy {
    private SortBy() {}

    /** The order of {@code objects} by {@code expression}, as indexes into the list. */
    static List<Integer> order(String expression, List<JsonNode> objects) {
        JsonPath path = JsonPath.relaxed(expression);
        List<JsonNode> keys = new ArrayList<>();
        for (JsonNode o : objects) keys.add(first(path, o));
        if (!objects.isEmpty() && keys.stream().allMatch(k -> k == null)) {
            throw new OutputException("couldn't find any field with path \"" + path.template()
                    + "\" in the list of objects: check the path with -o json");
        }
        return IntStream.range(0, objects.size()).boxed()
                .sorted(Comparator.comparing(keys::get, SortBy::compare)).toList();
    }

    private static JsonNode first(JsonPath path, JsonNode o) {
        for (List<JsonNode> results : path.findResults(o)) {
            if (!results.isEmpty()) return results.getFirst();
        }
        return null;
    }

    static int compare(JsonNode a, JsonNode b) {
        if (a == null || b == null) return a == null ? (b == null ? 0 : -1) : 1;
        if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue());
        if (a.isBoolean() && b.isBoolean()) return Boolean.compare(a.asBoolean(), b.asBoolean());
        if (a.isTextual() && b.isTextual()) {
            Integer q = quantities(a.asText(), b.asText());
            return q != null ? q : natural(a.asText(), b.asText());
        }
        return natural(JsonPath.text(a), JsonPath.text(b));
    }

    private static Integer quantities(String a, String b) {
        if (a.isEmpty() || b.isEmpty() || !Character.isDigit(a.charAt(0)) || !Character.isDigit(b.charAt(0))) return null;
        try {
            return Quantity.parse(a).compareTo(Quantity.parse(b));
        } catch (QuantityFormatException e) {
            return null;
        }
    }

    /** Runs of digits compare as numbers, everything else character by character. */
    static int natural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            if (Character.isDigit(x) && Character.isDigit(y)) {
                int ei = digitsEnd(a, i);
                int ej = digitsEnd(b, j);
                int c = compareDigits(a, skipZeros(a, i, ei), ei, b, skipZeros(b, j, ej), ej);
                if (c != 0) return c;
                i = ei;
                j = ej;
            } else {
                if (x != y) return Character.compare(x, y);
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** Leading zeros don't change a number's value; keep the last digit. */
    private static int skipZeros(String s, int from, int end) {
        int k = from;
        while (k < end - 1 && s.charAt(k) == '0') k++;
        return k;
    }

    /** Numbers of any length: the longer is larger, else the first differing digit decides. */
    private static int compareDigits(String a, int i, int ei, String b, int j, int ej) {
        if (ei - i != ej - j) return Integer.compare(ei - i, ej - j);
        for (; i < ei; i++, j++) {
            if (a.charAt(i) != b.charAt(j)) return Character.compare(a.charAt(i), b.charAt(j));
        }
        return 0;
    }

    private static int digitsEnd(String s, int from) {
        int k = from;
        while (k < s.length() && Character.isDigit(s.charAt(k))) k++;
        return k;
    }
}
