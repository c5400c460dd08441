package dev.skiff.output.jsonpath;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** One step of a JSONPath expression: applied to every current value, it yields the next values. */
sealed interface Step {

    /** {@code .name} or {@code ['name']}; an empty name keeps the current values ({@code {.}}). */
    record Field(String name) implements Step {}

    /** {@code .*} or {@code [*]}: every element of an array, every value of an object. */
    record Wildcard() implements Step {}

    /** {@code ..}: every value that has children, at any depth, in document order. */
    record Recursive() implements Step {}

    /** {@code [i]}, {@code [a:b]}, {@code [a:b:s]}; null bounds are open, as in Python. */
    record Slice(Integer start, Integer end, Integer step, boolean single) implements Step {}

    /** {@code [0,2]} or {@code ['a','b']}: each branch's results, in order. */
    record Union(List<List<Step>> branches) implements Step {}

    /** {@code [?(@.a == "x")]}; operator "exists" when there is no comparison. */
    record Filter(List<Step> left, String operator, List<Step> right) implements Step {}

    /** A quoted string, number or boolean: one copy of it per current value. */
    record Literal(JsonNode value) implements Step {}
}
