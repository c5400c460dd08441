package dev.skiff.shell;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/** JS syntax colours at the js prompt: keywords, strings, numbers, comments, the script API. */
final class JsHighlighter implements Highlighter {
    static final AttributedStyle KEYWORD = AttributedStyle.BOLD.foreground(AttributedStyle.BLUE);
    static final AttributedStyle STRING = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
    static final AttributedStyle NUMBER = AttributedStyle.DEFAULT.foreground(AttributedStyle.MAGENTA);
    static final AttributedStyle COMMENT = AttributedStyle.DEFAULT.foreground(AttributedStyle.BRIGHT).italic();
    static final AttributedStyle API = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);

    private static final java.util.Set<String> API_NAMES = java.util.Set.of("cluster", "deploy", "expose", "pods", "nodes",
            "http", "sleep", "every", "waitFor", "console", "load", "args", "os");

    private static final Pattern TOKEN = Pattern.compile(
            "(?<comment>//[^\\n]*|/\\*.*?(?:\\*/|$))"
            + "|(?<string>\"(?:\\\\.|[^\"\\\\])*\"?|'(?:\\\\.|[^'\\\\])*'?|`(?:\\\\.|[^`\\\\])*`?)"
            + "|(?<number>\\b\\d+(?:\\.\\d+)?(?:e[+-]?\\d+)?n?\\b)"
            + "|(?<word>[A-Za-z_$][\\w$]*)", Pattern.DOTALL);

    @Override
    public AttributedString highlight(LineReader reader, String buffer) {
        AttributedStringBuilder sb = new AttributedStringBuilder();
        Matcher m = TOKEN.matcher(buffer);
        int at = 0;
        while (m.find()) {
            sb.append(buffer, at, m.start());
            sb.styled(style(m), m.group());
            at = m.end();
        }
        sb.append(buffer.substring(at));
        return sb.toAttributedString();
    }

    private static AttributedStyle style(Matcher m) {
        if (m.group("comment") != null) return COMMENT;
        if (m.group("string") != null) return STRING;
        if (m.group("number") != null) return NUMBER;
        String w = m.group("word");
        if (JsCompleter.KEYWORDS.contains(w)) return KEYWORD;
        if (API_NAMES.contains(w)) return API;
        return AttributedStyle.DEFAULT;
    }

    @Override
    public void setErrorPattern(java.util.regex.Pattern errorPattern) {
    }

    @Override
    public void setErrorIndex(int errorIndex) {
    }
}
