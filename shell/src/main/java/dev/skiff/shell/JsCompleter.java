package dev.skiff.shell;

import dev.skiff.api.KindInfo;
import dev.skiff.api.Kinds;
import dev.skiff.api.Node;
import dev.skiff.api.Pod;
import dev.skiff.js.JsSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab at the js prompt: globals and JS keywords; properties of a value already evaluated left of
 * the dot (read, never run); kinds inside {@code get("}, {@code list("}, {@code delete("}; live
 * names inside {@code get("pods", "}; labels inside {@code pods("} and {@code nodes("}.
 */
final class JsCompleter implements Completer {
    static final Set<String> KEYWORDS = Set.of("async", "await", "break", "case", "catch", "class", "const", "continue",
            "debugger", "default", "delete", "do", "else", "export", "extends", "false", "finally", "for", "function",
            "if", "import", "in", "instanceof", "let", "new", "null", "of", "return", "super", "switch", "this",
            "throw", "true", "try", "typeof", "undefined", "var", "void", "while", "yield");

    private static final Pattern KIND_ARG = Pattern.compile("\\b(?:get|list|delete|watch|scale)\\(\\s*[\"'][^\"']*$");
    private static final Pattern NAME_ARG = Pattern.compile("\\b(?:get|delete|scale)\\(\\s*[\"']([^\"']+)[\"']\\s*,\\s*[\"'][^\"']*$");
    private static final Pattern LABEL_ARG = Pattern.compile("\\b(pods|nodes)\\(\\s*[\"'][^\"']*$");
    private static final Pattern MEMBER = Pattern.compile("((?:[A-Za-z_$][\\w$]*\\.)*)([A-Za-z_$][\\w$]*)?$");

    private final Supplier<JsSession> js;
    private final ClusterCache cache;
    private final Supplier<String> namespace;

    JsCompleter(Supplier<JsSession> js, ClusterCache cache, Supplier<String> namespace) {
        this.js = js;
        this.cache = cache;
        this.namespace = namespace;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        String before = line.line().substring(0, Math.min(line.cursor(), line.line().length()));
        for (String value : values(before)) {
            candidates.add(new Candidate(value, value, null, null, null, null, false));
        }
    }

    /** What may complete the word at the end of {@code before}. */
    List<String> values(String before) {
        if (ModalParser.openQuote(before, before.length()) >= 0) return inString(before);
        Matcher m = MEMBER.matcher(before);
        if (!m.find()) return List.of();
        String path = m.group(1);
        String prefix = m.group(2) == null ? "" : m.group(2);
        if (path.isEmpty() && m.start() > 0 && before.charAt(m.start() - 1) == '.') return List.of(); // after a call: not evaluated
        List<String> out = new ArrayList<>();
        JsSession session = js.get();
        if (session != null) out.addAll(session.complete(path, prefix));
        if (path.isEmpty()) KEYWORDS.stream().filter(k -> k.startsWith(prefix)).forEach(out::add);
        return out.stream().distinct().sorted().toList();
    }

    private List<String> inString(String before) {
        Matcher name = NAME_ARG.matcher(before);
        if (name.find()) {
            Optional<KindInfo> kind = Kinds.resolve(name.group(1));
            return kind.map(k -> cache.names(k, namespace.get())).orElse(List.of());
        }
        if (KIND_ARG.matcher(before).find()) {
            Set<String> kinds = new TreeSet<>();
            for (KindInfo k : Kinds.all()) kinds.add(k.plural());
            return List.copyOf(kinds);
        }
        Matcher labels = LABEL_ARG.matcher(before);
        if (labels.find()) {
            KindInfo kind = Kinds.of(labels.group(1).equals("pods") ? Pod.class : Node.class).orElseThrow();
            List<String> out = new ArrayList<>();
            cache.labels(kind, namespace.get()).forEach((k, vs) -> vs.forEach(v -> out.add(k + "=" + v)));
            return out;
        }
        return List.of();
    }
}
