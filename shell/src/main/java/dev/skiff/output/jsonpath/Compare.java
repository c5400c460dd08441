package dev.skiff.output.jsonpath;

import com.fasterxml.jackson.databind.JsonNode;

/** Filter comparisons: numbers by value, strings and booleans by text; unlike kinds are unequal. */
final class Compare {
    private Compare() {}

    static boolean test(JsonNode left, String op, JsonNode right) {
        Integer order = order(left, right);
        return switch (op) {
            case "==" -> order != null && order == 0;
            case "!=" -> order == null || order != 0;
            case "<" -> order != null && order < 0;
            case ">" -> order != null && order > 0;
            case "<=" -> order != null && order <= 0;
            case ">=" -> order != null && order >= 0;
            default -> false;
        };
    }

    /** null when the two cannot be compared. */
    private static Integer order(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue());
        if (a.isTextual() && b.isTextual()) return a.asText().compareTo(b.asText());
        if (a.isBoolean() && b.isBoolean()) return Boolean.compare(a.asBoolean(), b.asBoolean());
        if (a.isContainerNode() && b.isContainerNode()) return a.equals(b) ? 0 : null;
        return null;
    }
}
