package dev.skiff.api;

/** An object could not be written as, or read from, JSON or YAML. */
public class JsonException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public JsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
