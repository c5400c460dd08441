package dev.skiff.output;

/** A bad output option (-o, --sort-by, -L): the message says what is wrong and what would work. */
public final class OutputException extends RuntimeException {
    public OutputException(String message) {
        super(message);
    }
}
