package dev.skiff.shell;

import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;

/** The command highlighter or the JS one, whichever mode the prompt is in. */
final class ModalHighlighter implements Highlighter {
    private final Supplier<Highlighter> current;

    ModalHighlighter(Supplier<Highlighter> current) {
        this.current = current;
    }

    @Override
    public AttributedString highlight(LineReader reader, String buffer) {
        return current.get().highlight(reader, buffer);
    }

    @Override
    public void setErrorPattern(Pattern errorPattern) {
    }

    @Override
    public void setErrorIndex(int errorIndex) {
    }
}
