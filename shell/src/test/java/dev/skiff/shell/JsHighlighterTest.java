package dev.skiff.shell;

import static org.assertj.core.api.Assertions.assertThat;

import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Test;

/** The js> prompt's colours: each token class gets its style, and the text itself is never changed. */
class JsHighlighterTest {

    private static AttributedStyle styleAt(AttributedString s, String buffer, String token) {
        return s.styleAt(buffer.indexOf(token));
    }

    @Test
    void keywordsStringsNumbersCommentsAndTheApiAreColoured() {
        String line = "const n = await pods(\"app=web\").length + 42 // how many";
        AttributedString s = new JsHighlighter().highlight(null, line);
        assertThat(s.toString()).isEqualTo(line);
        assertThat(styleAt(s, line, "const")).isEqualTo(JsHighlighter.KEYWORD);
        assertThat(styleAt(s, line, "await")).isEqualTo(JsHighlighter.KEYWORD);
        assertThat(styleAt(s, line, "pods")).isEqualTo(JsHighlighter.API);
        assertThat(styleAt(s, line, "app=web")).isEqualTo(JsHighlighter.STRING);
        assertThat(styleAt(s, line, "42")).isEqualTo(JsHighlighter.NUMBER);
        assertThat(styleAt(s, line, "how many")).isEqualTo(JsHighlighter.COMMENT);
        assertThat(styleAt(s, line, "length")).isEqualTo(AttributedStyle.DEFAULT);
    }

    @Test
    void anUnfinishedStringOrCommentIsColouredToTheEnd() {
        String line = "cluster.get('pods', 'we";
        AttributedString s = new JsHighlighter().highlight(null, line);
        assertThat(s.styleAt(line.length() - 1)).isEqualTo(JsHighlighter.STRING);
        assertThat(new JsHighlighter().highlight(null, "1 /* open").styleAt(8)).isEqualTo(JsHighlighter.COMMENT);
    }
}
