package dev.skiff.api;

import java.util.Objects;

/**
 * One problem with one field of a resource, before it is tied to a file position. Paths use
 * Kubernetes' notation: {@code spec.containers[0].image}, map entries as {@code metadata.labels[app]}.
 */
public record FieldError(String path, String message) {
    public FieldError {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
