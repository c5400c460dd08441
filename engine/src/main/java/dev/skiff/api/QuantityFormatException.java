package dev.skiff.api;

/** A text that is not a Kubernetes resource quantity; the message says what was given and what would do. */
public final class QuantityFormatException extends IllegalArgumentException {
    private final String input;

    public QuantityFormatException(String input) {
        super("\"" + input + "\" is not a quantity (examples: 250m, 0.5, 2, 128Mi, 1G)");
        this.input = input;
    }

    public String input() {
        return input;
    }
}
