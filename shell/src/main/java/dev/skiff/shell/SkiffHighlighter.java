package dev.skiff.shell;

import dev.skiff.api.KindInfo;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Colours the line as you type: the verb, the kind, known names and flags; a word the prompt
 * does not know (a misspelt verb or kind) is red before you press Enter.
 */
public final class SkiffHighlighter implements Highlighter {

    static final AttributedStyle VERB = AttributedStyle.BOLD.foreground(AttributedStyle.BLUE);
    static final AttributedStyle KIND = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
    static final AttributedStyle NAME = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
    static final AttributedStyle FLAG = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
    static final AttributedStyle UNKNOWN = AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);

    private final SkiffCompleter grammar;
    private final ClusterCache cache;
    private final Supplier<String> namespace;

    public SkiffHighlighter(SkiffCompleter grammar, ClusterCache cache, Supplier<String> namespace) {
        this.grammar = grammar;
        this.cache = cache;
        this.namespace = namespace;
    }

    @Override
    public AttributedString highlight(LineReader reader, String buffer) {
        AttributedStringBuilder sb = new AttributedStringBuilder();
        String[] parts = buffer.split("((?<=\\s)|(?=\\s))"); // words and the spaces between them
        String ns = Grammar.namespaceIn(java.util.Arrays.asList(buffer.trim().split("\\s+"))).orElseGet(namespace);
        String verb = null;
        KindInfo kind = null;
        boolean optionValue = false; // the word after -n, -f, -o …: the option's value, not a kind or a name
        int position = 0;
        for (String part : parts) {
            if (part.isBlank()) {
                sb.append(part);
                continue;
            }
            AttributedStyle style = AttributedStyle.DEFAULT;
            boolean value = optionValue;
            optionValue = false;
            if (verb == null) {
                verb = part;
                // plain until the grammar is built (a moment after the first prompt): never red by mistake
                style = grammar.isVerbNow(part).map(known -> known ? VERB : UNKNOWN).orElse(AttributedStyle.DEFAULT);
            } else if (part.startsWith("-")) {
                style = FLAG;
                optionValue = !part.contains("=") && Grammar.valueOf(part).isPresent();
            } else if (value) {
                sb.append(part);
                continue;
            } else if (Grammar.KIND_THEN_NAMES.contains(verb) && position == 1) {
                Optional<KindInfo> k = verb.equals("explain") ? Grammar.explainedKindOf(part)
                        : verb.equals("get") ? Grammar.kindsOf(part) : Grammar.kindOf(part);
                kind = k.orElse(null);
                style = k.isPresent() ? KIND : UNKNOWN;
            } else if (kind != null && cache.exists(kind, ns, part)) {
                style = NAME;
            }
            if (!part.startsWith("-")) position++;
            sb.styled(style, part);
        }
        return sb.toAttributedString();
    }

    @Override
    public void setErrorPattern(Pattern errorPattern) {
    }

    @Override
    public void setErrorIndex(int errorIndex) {
    }
}
