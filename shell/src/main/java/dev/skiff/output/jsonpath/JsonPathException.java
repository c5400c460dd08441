package dev.skiff.output.jsonpath;

/**
 * A JSONPath template that cannot be parsed or evaluated. The message names the template, the
 * problem and (for parse errors) the 0-based position in the template, so the user can find it.
 */
public final class JsonPathException extends RuntimeException {
    private final String template;
    private final int position;

    JsonPathException(String template, int position, String problem) {
        super((position >= 0 ? "error parsing jsonpath " : "error executing jsonpath ") + quote(template)
                + ": " + problem + (position >= 0 ? " at position " + position + pointer(template, position) : ""));
        this.template = template;
        this.position = position;
    }

    public String template() {
        return template;
    }

    /** Where parsing failed, or -1 for an evaluation error. */
    public int position() {
        return position;
    }

    private static String quote(String t) {
        return "\"" + t + "\"";
    }

    /** A caret under the offending character, as compilers print it; only for one-line templates. */
    private static String pointer(String t, int pos) {
        if (t.indexOf('\n') >= 0 || t.length() > 120) return "";
        return "\n  " + t + "\n  " + " ".repeat(Math.min(pos, t.length())) + "^";
    }
}
