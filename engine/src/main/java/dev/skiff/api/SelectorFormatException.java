package dev.skiff.api;

/** A label selector string that does not parse; the message names the column and what was expected. */
public final class SelectorFormatException extends IllegalArgumentException {
    private final String input;
    private final int position;

    public SelectorFormatException(String input, int position, String problem) {
        super("invalid selector \"" + input + "\" at column " + (position + 1) + ": " + problem);
        this.input = input;
        this.position = position;
    }

    public String input() {
        return input;
    }

    /** Zero-based index into {@link #input()} where parsing stopped. */
    public int position() {
        return position;
    }
}
