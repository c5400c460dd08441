package dev.skiff.api;

import java.util.Objects;

/** Where something was written: file (or other source name), 1-based line and column; 0 when unknown. */
public record SourceLocation(String source, int line, int column) {
    public SourceLocation {
        Objects.requireNonNull(source, "source");
    }

    public static SourceLocation unknown(String source) {
        return new SourceLocation(source, 0, 0);
    }

    public boolean isKnown() {
        return line > 0;
    }

    @Override
    public String toString() {
        if (!isKnown()) return source;
        return column > 0 ? source + ":" + line + ":" + column : source + ":" + line;
    }
}
