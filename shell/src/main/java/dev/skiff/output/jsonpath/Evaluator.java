package dev.skiff.output.jsonpath;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies steps to Jackson trees with client-go's semantics: a field missing from every current
 * value is an error unless missing keys are allowed (kubectl allows them); nulls are skipped;
 * indexes out of bounds are errors.
 */
final class Evaluator {
    private final String template;
    private final boolean allowMissingKeys;

    Evaluator(String template, boolean allowMissingKeys) {
        this.template = template;
        this.allowMissingKeys = allowMissingKeys;
    }

    List<JsonNode> evaluate(List<JsonNode> input, List<Step> steps) {
        List<JsonNode> current = input;
        for (Step step : steps) current = apply(current, step);
        return current;
    }

    private List<JsonNode> apply(List<JsonNode> input, Step step) {
        return switch (step) {
            case Step.Field f -> field(input, f.name());
            case Step.Wildcard w -> wildcard(input);
            case Step.Recursive r -> recursive(input, new ArrayList<>());
            case Step.Slice s -> slice(input, s);
            case Step.Union u -> {
                List<JsonNode> out = new ArrayList<>();
                for (List<Step> branch : u.branches()) out.addAll(evaluate(input, branch));
                yield out;
            }
            case Step.Filter f -> filter(input, f);
            case Step.Literal l -> input.stream().map(x -> l.value()).toList();
        };
    }

    private List<JsonNode> field(List<JsonNode> input, String name) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode v : input) {
            JsonNode child = v.isObject() ? v.get(name) : null;
            if (child != null && !child.isNull()) out.add(child);
        }
        if (out.isEmpty() && !allowMissingKeys && !input.isEmpty()) throw error(name + " is not found");
        return out;
    }

    private static List<JsonNode> wildcard(List<JsonNode> input) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode v : input) {
            if (v.isContainerNode()) v.forEach(out::add);
        }
        return out;
    }

    /** client-go's order: each value with children, followed by what is below it. */
    private static List<JsonNode> recursive(List<JsonNode> input, List<JsonNode> out) {
        for (JsonNode v : input) {
            if (!v.isContainerNode() || v.isEmpty()) continue;
            out.add(v);
            List<JsonNode> children = new ArrayList<>();
            v.forEach(children::add);
            recursive(children, out);
        }
        return out;
    }

    private List<JsonNode> slice(List<JsonNode> input, Step.Slice s) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode v : input) {
            if (v == null || v.isNull() || v.isMissingNode()) continue;
            if (!v.isArray()) throw error(describe(v) + " is not an array, so it cannot be indexed");
            int len = v.size();
            int start = s.start() == null ? 0 : s.start() < 0 ? s.start() + len : s.start();
            int end = s.single() ? start + 1 : s.end() == null ? len : s.end() < 0 ? s.end() + len : s.end();
            if (end == start) continue;
            if (start < 0 || start >= len) throw error("array index out of bounds: index " + start + ", length " + len);
            if (end < 0 || end > len) throw error("array index out of bounds: index " + (end - 1) + ", length " + len);
            if (start > end) throw error("starting index " + start + " is greater than ending index " + end);
            int step = s.step() == null ? 1 : s.step();
            if (step <= 0) throw error("step must be > 0");
            for (int i = start; i < end; i += step) out.add(v.get(i));
        }
        return out;
    }

    private List<JsonNode> filter(List<JsonNode> input, Step.Filter f) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode v : input) {
            if (!v.isArray()) throw error(describe(v) + " is not an array, so it cannot be filtered");
            for (JsonNode element : v) {
                if (passes(element, f)) out.add(element);
            }
        }
        return out;
    }

    private boolean passes(JsonNode element, Step.Filter f) {
        Evaluator lenient = new Evaluator(template, true);
        List<JsonNode> lefts = lenient.evaluate(List.of(element), f.left());
        if (f.operator().equals("exists")) return !lefts.isEmpty();
        List<JsonNode> rights = lenient.evaluate(List.of(element), f.right());
        if (lefts.isEmpty() || rights.isEmpty()) return false;
        if (lefts.size() > 1 || rights.size() > 1) throw error("a filter can only compare one element at a time");
        return Compare.test(lefts.getFirst(), f.operator(), rights.getFirst());
    }

    private static String describe(JsonNode v) {
        return v.isObject() ? "an object" : v.isTextual() ? "the string \"" + v.asText() + "\"" : v.toString();
    }

    private JsonPathException error(String problem) {
        return new JsonPathException(template, -1, problem);
    }
}
