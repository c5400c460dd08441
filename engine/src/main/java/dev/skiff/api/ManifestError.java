package dev.skiff.api;

import java.util.Objects;

/** One user error in a manifest, printed as {@code web.yaml:21:14 spec.replicas: must be >= 0}. */
public record ManifestError(SourceLocation location, String path, String message) {
    public ManifestError {
        Objects.requireNonNull(location, "location");
        path = path == null ? "" : path;
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return path.isEmpty() ? location + ": " + message : location + " " + path + ": " + message;
    }
}
