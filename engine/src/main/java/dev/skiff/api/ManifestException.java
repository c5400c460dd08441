package dev.skiff.api;

import java.util.List;
import java.util.stream.Collectors;

/** Every problem found in one or more manifests, reported together, one per line. */
public final class ManifestException extends RuntimeException {
    private final List<ManifestError> errors;

    public ManifestException(List<ManifestError> errors) {
        super(errors.stream().map(ManifestError::toString).collect(Collectors.joining("\n")));
        if (errors.isEmpty()) throw new IllegalArgumentException("a ManifestException needs at least one error");
        this.errors = List.copyOf(errors);
    }

    public List<ManifestError> errors() {
        return errors;
    }
}
