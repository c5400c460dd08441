package dev.skiff.js;

import dev.skiff.api.ManifestError;
import dev.skiff.api.ManifestException;
import dev.skiff.client.ApiException;
import java.util.stream.Collectors;

/** What a Java failure says to a script: one line, as the CLI would print it, never a Java stack. */
final class HostErrors {
    private HostErrors() {}

    static String message(Throwable e) {
        return switch (e) {
            case ManifestException m -> m.errors().stream().map(ManifestError::toString).collect(Collectors.joining("; "));
            case ApiException a -> a.getMessage();
            case java.net.http.HttpTimeoutException t -> "timed out: " + t.getMessage();
            case java.net.ConnectException c -> "connection refused" + (c.getMessage() == null ? "" : ": " + c.getMessage());
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }
}
