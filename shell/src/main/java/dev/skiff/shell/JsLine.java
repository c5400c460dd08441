package dev.skiff.shell;

import java.util.List;
import org.jline.reader.CompletingParsedLine;

/**
 * A JS line as JLine sees it: one "word", the identifier (or string argument) being typed at the
 * cursor, which completion candidates replace. JS is not split into shell words.
 */
record JsLine(String line, int cursor, String word, int wordStart) implements CompletingParsedLine {

    static JsLine at(String line, int cursor) {
        int start = cursor;
        while (start > 0 && wordChar(line.charAt(start - 1))) start--;
        return new JsLine(line, cursor, line.substring(start, cursor), start);
    }

    /** Inside a string argument, everything after the quote is the word (kinds, names, label=value). */
    static JsLine inString(String line, int cursor, int quote) {
        return new JsLine(line, cursor, line.substring(quote + 1, cursor), quote + 1);
    }

    private static boolean wordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    @Override
    public int wordCursor() {
        return cursor - wordStart;
    }

    @Override
    public int wordIndex() {
        return 0;
    }

    @Override
    public List<String> words() {
        return List.of(word);
    }

    @Override
    public CharSequence escape(CharSequence candidate, boolean complete) {
        return candidate;
    }

    @Override
    public int rawWordCursor() {
        return wordCursor();
    }

    @Override
    public int rawWordLength() {
        return word.length();
    }
}
