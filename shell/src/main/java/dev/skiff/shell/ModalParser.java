package dev.skiff.shell;

import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.SyntaxError;
import org.jline.reader.impl.completer.ArgumentCompleter;

/**
 * Command words at the skiff prompt, JavaScript at the js prompt. In JS mode, Enter on unfinished
 * code (an open brace, string or call, as GraalJS's incomplete-source check says) continues on
 * the next line instead of running it.
 */
final class ModalParser implements Parser {
    private final Parser commands;
    private final BooleanSupplier jsMode;
    private final Predicate<String> incomplete;

    private static final String CONTINUATION = "\\\n";

    ModalParser(Parser commands, BooleanSupplier jsMode, Predicate<String> incomplete) {
        this.commands = commands;
        this.jsMode = jsMode;
        this.incomplete = incomplete;
    }

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) throws SyntaxError {
        if (!jsMode.getAsBoolean()) {
            if (context != ParseContext.ACCEPT_LINE) return commands.parse(line, cursor, context);
            // js CODE runs the raw line: a quote that is JavaScript's (`it's`) must not hold the line open
            if (isJs(line)) return new ArgumentCompleter.ArgumentLine("js", 2);
            // a backslash-newline only joins lines (as in bash): without this the newline stays in a word ("\n-o")
            String joined = line.replace(CONTINUATION, "");
            return commands.parse(joined, Math.max(0, cursor - (line.length() - joined.length())), context);
        }
        if (context == ParseContext.ACCEPT_LINE && !line.isBlank() && incomplete.test(line)) {
            throw new EOFError(-1, -1, "incomplete JavaScript", "...");
        }
        int quote = openQuote(line, cursor);
        return quote >= 0 ? JsLine.inString(line, cursor, quote) : JsLine.at(line, cursor);
    }

    private static boolean isJs(String line) {
        String s = line.stripLeading();
        return s.startsWith("js") && (s.length() == 2 || Character.isWhitespace(s.charAt(2)));
    }

    /** Where the string the cursor is in starts, or -1 when it is not in one. */
    static int openQuote(String line, int cursor) {
        char quote = 0;
        int at = -1;
        for (int i = 0; i < cursor && i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == '\\') i++;
                else if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'' || c == '`') {
                quote = c;
                at = i;
            }
        }
        return quote == 0 ? -1 : at;
    }

    @Override
    public boolean isEscapeChar(char ch) {
        return !jsMode.getAsBoolean() && commands.isEscapeChar(ch);
    }
}
