package dev.skiff.api;

import java.util.Objects;

/** One parsed, validated and defaulted resource, with where its document starts. */
public record Manifest(SourceLocation location, Resource resource) {
    public Manifest {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(resource, "resource");
    }
}
