package dev.skiff.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Collects field errors while a validator walks an object. */
final class Problems {

    private final List<FieldError> errors = new ArrayList<>();

    void add(String path, String message) {
        errors.add(new FieldError(path, message));
    }

    void add(String path, Optional<String> problem) {
        problem.ifPresent(p -> add(path, p));
    }

    void addAll(List<FieldError> more) {
        errors.addAll(more);
    }

    /** Records a missing value; returns whether it was present so callers can skip deeper checks. */
    boolean required(String path, Object value, String hint) {
        boolean missing = value == null
                || value instanceof String s && s.isEmpty()
                || value instanceof Collection<?> c && c.isEmpty()
                || value instanceof Map<?, ?> m && m.isEmpty();
        if (missing) {
            add(path, "required: " + hint);
        }
        return !missing;
    }

    void atLeast(String path, Number value, long min) {
        if (value != null && value.longValue() < min) {
            add(path, value + " is invalid: must be " + (min == 0 ? "0 or more" : "at least " + min));
        }
    }

    void port(String path, Integer value) {
        if (value != null && (value < 1 || value > 65535)) {
            add(path, value + " is not a valid port: must be between 1 and 65535");
        }
    }

    List<FieldError> list() {
        return List.copyOf(errors);
    }
}
