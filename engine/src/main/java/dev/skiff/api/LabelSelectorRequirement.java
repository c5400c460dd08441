package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** One {@code matchExpressions} entry: {@code key In (a, b)}, {@code key Exists}, … */
public record LabelSelectorRequirement(
        String key,
        Operator operator,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> values) {

    /** Spelled as in the Kubernetes JSON ({@code In}, {@code NotIn}, {@code Exists}, {@code DoesNotExist}). */
    public enum Operator { In, NotIn, Exists, DoesNotExist }

    public LabelSelectorRequirement {
        values = values == null ? List.of() : List.copyOf(values);
    }

    public static LabelSelectorRequirement in(String key, String... values) {
        return new LabelSelectorRequirement(key, Operator.In, List.of(values));
    }

    public static LabelSelectorRequirement notIn(String key, String... values) {
        return new LabelSelectorRequirement(key, Operator.NotIn, List.of(values));
    }

    public static LabelSelectorRequirement exists(String key) {
        return new LabelSelectorRequirement(key, Operator.Exists, List.of());
    }

    public static LabelSelectorRequirement doesNotExist(String key) {
        return new LabelSelectorRequirement(key, Operator.DoesNotExist, List.of());
    }

    // NotIn and DoesNotExist match objects without the label at all, as in Kubernetes.
    public boolean matches(Map<String, String> labels) {
        Objects.requireNonNull(operator, "operator");
        String value = labels.get(key);
        return switch (operator) {
            case In -> value != null && values.contains(value);
            case NotIn -> value == null || !values.contains(value);
            case Exists -> labels.containsKey(key);
            case DoesNotExist -> !labels.containsKey(key);
        };
    }

    @Override
    public String toString() {
        if (operator == null) return key + " <no operator>";
        List<String> sorted = values.stream().sorted().toList();
        return switch (operator) {
            case In -> key + " in (" + String.join(",", sorted) + ")";
            case NotIn -> sorted.size() == 1 ? key + "!=" + sorted.getFirst() : key + " notin (" + String.join(",", sorted) + ")";
            case Exists -> key;
            case DoesNotExist -> "!" + key;
        };
    }
}
