package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Kubernetes label selector in its JSON shape ({@code matchLabels}, {@code matchExpressions}) that also
 * reads and prints the string syntax of {@code -l} ({@code app=web,tier!=db,env in (a,b),!canary}).
 * An empty selector matches everything; all parts must match (AND).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record LabelSelector(Map<String, String> matchLabels, List<LabelSelectorRequirement> matchExpressions) {

    public static final LabelSelector EVERYTHING = new LabelSelector(Map.of(), List.of());

    private static final int MAX_NAME = 63;
    private static final int MAX_PREFIX = 253;
    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    public LabelSelector {
        // sorted so that JSON output and toString() are stable
        matchLabels = matchLabels == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(matchLabels));
        matchExpressions = matchExpressions == null ? List.of() : List.copyOf(matchExpressions);
    }

    public static LabelSelector of(Map<String, String> matchLabels) {
        return new LabelSelector(matchLabels, List.of());
    }

    /** Parses {@code kubectl -l} syntax; throws {@link SelectorFormatException} naming the column. */
    public static LabelSelector parse(String text) {
        return new SelectorParser(text).parse();
    }

    @JsonIgnore
    public boolean isEmpty() {
        return matchLabels.isEmpty() && matchExpressions.isEmpty();
    }

    public boolean matches(Map<String, String> labels) {
        Map<String, String> actual = labels == null ? Map.of() : labels;
        for (Map.Entry<String, String> e : matchLabels.entrySet()) {
            if (!e.getValue().equals(actual.get(e.getKey()))) return false;
        }
        return matchExpressions.stream().allMatch(r -> r.matches(actual));
    }

    /** Problems with label syntax and operator/value combinations, paths under {@code path}. */
    public List<FieldError> validate(String path) {
        List<FieldError> errors = new ArrayList<>();
        matchLabels.forEach((k, v) -> {
            String at = LocationIndex.entry(LocationIndex.field(path, "matchLabels"), k);
            keyProblem(k).ifPresent(p -> errors.add(new FieldError(at, p)));
            valueProblem(v).ifPresent(p -> errors.add(new FieldError(at, p)));
        });
        for (int i = 0; i < matchExpressions.size(); i++) {
            validateRequirement(matchExpressions.get(i), LocationIndex.element(LocationIndex.field(path, "matchExpressions"), i), errors);
        }
        return errors;
    }

    private static void validateRequirement(LabelSelectorRequirement r, String at, List<FieldError> errors) {
        if (r.key() == null) errors.add(new FieldError(at + ".key", "missing required field \"key\""));
        else keyProblem(r.key()).ifPresent(p -> errors.add(new FieldError(at + ".key", p)));
        if (r.operator() == null) {
            errors.add(new FieldError(at + ".operator", "missing required field \"operator\""));
            return;
        }
        boolean needsValues = r.operator() == LabelSelectorRequirement.Operator.In
                || r.operator() == LabelSelectorRequirement.Operator.NotIn;
        if (needsValues && r.values().isEmpty()) {
            errors.add(new FieldError(at + ".values", "must be specified when operator is In or NotIn"));
        }
        if (!needsValues && !r.values().isEmpty()) {
            errors.add(new FieldError(at + ".values", "may not be specified when operator is Exists or DoesNotExist"));
        }
        for (int j = 0; j < r.values().size(); j++) {
            String valuePath = at + ".values[" + j + "]";
            valueProblem(r.values().get(j)).ifPresent(p -> errors.add(new FieldError(valuePath, p)));
        }
    }

    /** Why {@code key} is not a valid label key ({@code [prefix/]name}), as Kubernetes checks it. */
    public static Optional<String> keyProblem(String key) {
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            if (prefix.isEmpty()) return Optional.of("invalid label key \"" + key + "\": prefix part must be non-empty");
            if (prefix.length() > MAX_PREFIX) {
                return Optional.of("invalid label key \"" + key + "\": prefix part must be no more than 253 characters");
            }
            if (!isDnsSubdomain(prefix)) {
                return Optional.of("invalid label key \"" + key + "\": prefix part must be a lowercase DNS subdomain"
                        + " (e.g. example.com)");
            }
        }
        if (name.isEmpty()) return Optional.of("invalid label key \"" + key + "\": name part must be non-empty");
        return nameProblem(name).map(p -> "invalid label key \"" + key + "\": name part " + p);
    }

    /** Why {@code value} is not a valid label value (empty is allowed). */
    public static Optional<String> valueProblem(String value) {
        if (value.isEmpty()) return Optional.empty();
        return nameProblem(value).map(p -> "invalid label value \"" + value + "\": " + p);
    }

    private static Optional<String> nameProblem(String name) {
        if (name.length() > MAX_NAME) return Optional.of("must be no more than 63 characters");
        if (!NAME.matcher(name).matches()) {
            return Optional.of("must consist of alphanumeric characters, '-', '_' or '.',"
                    + " and must start and end with an alphanumeric character");
        }
        return Optional.empty();
    }

    private static boolean isDnsSubdomain(String text) {
        return Stream.of(text.split("\\.", -1)).allMatch(l -> l.length() <= MAX_NAME && DNS_LABEL.matcher(l).matches());
    }

    /** The string syntax, requirements sorted by key; parses back to an equal selector. */
    @Override
    public String toString() {
        List<Map.Entry<String, String>> parts = new ArrayList<>();
        matchLabels.forEach((k, v) -> parts.add(Map.entry(k, k + "=" + v)));
        matchExpressions.forEach(r -> parts.add(Map.entry(String.valueOf(r.key()), r.toString())));
        parts.sort(Map.Entry.comparingByKey(Comparator.naturalOrder()));
        return String.join(",", parts.stream().map(Map.Entry::getValue).toList());
    }

    /** Recursive descent over the selector string; remembers the column for error messages. */
    private static final class SelectorParser {
        private final String text;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final List<LabelSelectorRequirement> expressions = new ArrayList<>();
        private int pos;

        SelectorParser(String text) {
            this.text = text == null ? "" : text;
        }

        LabelSelector parse() {
            skipSpaces();
            if (pos == text.length()) return EVERYTHING;
            requirement();
            while (pos < text.length()) {
                expect(',', "',' between requirements");
                requirement();
            }
            return new LabelSelector(labels, expressions);
        }

        private void requirement() {
            skipSpaces();
            if (peek('!') && !peekAt(pos + 1, '=')) {
                pos++;
                expressions.add(LabelSelectorRequirement.doesNotExist(key()));
                skipSpaces();
                return;
            }
            String key = key();
            skipSpaces();
            if (pos == text.length() || peek(',')) {
                expressions.add(LabelSelectorRequirement.exists(key));
            } else if (text.startsWith("!=", pos)) {
                pos += 2;
                expressions.add(LabelSelectorRequirement.notIn(key, value()));
            } else if (peek('=')) {
                pos += text.startsWith("==", pos) ? 2 : 1;
                equality(key, value());
            } else if (keyword("notin")) {
                expressions.add(new LabelSelectorRequirement(key, LabelSelectorRequirement.Operator.NotIn, set()));
            } else if (keyword("in")) {
                expressions.add(new LabelSelectorRequirement(key, LabelSelectorRequirement.Operator.In, set()));
            } else {
                throw error("expected one of '=', '==', '!=', 'in', 'notin', ',' or the end");
            }
            skipSpaces();
        }

        private void equality(String key, String value) {
            // a second "key=" cannot live in matchLabels; keep it as an In requirement
            if (labels.containsKey(key)) expressions.add(LabelSelectorRequirement.in(key, value));
            else labels.put(key, value);
        }

        private List<String> set() {
            skipSpaces();
            expect('(', "'(' after in/notin");
            List<String> values = new ArrayList<>();
            values.add(value());
            skipSpaces();
            while (peek(',')) {
                pos++;
                values.add(value());
                skipSpaces();
            }
            expect(')', "',' or ')' in the value list");
            return values;
        }

        private boolean keyword(String word) {
            if (!text.startsWith(word, pos)) return false;
            int end = pos + word.length();
            if (end < text.length() && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != '(') return false;
            pos = end;
            return true;
        }

        private String key() {
            skipSpaces();
            int start = pos;
            while (pos < text.length() && isKeyChar(text.charAt(pos))) pos++;
            if (start == pos) throw error("expected a label key");
            String key = text.substring(start, pos);
            keyProblem(key).ifPresent(p -> { throw new SelectorFormatException(text, start, p); });
            return key;
        }

        private String value() {
            skipSpaces();
            int start = pos;
            while (pos < text.length() && isValueChar(text.charAt(pos))) pos++;
            String value = text.substring(start, pos);
            valueProblem(value).ifPresent(p -> { throw new SelectorFormatException(text, start, p); });
            return value;
        }

        private static boolean isKeyChar(char c) {
            return isValueChar(c) || c == '/';
        }

        private static boolean isValueChar(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.';
        }

        private void expect(char c, String what) {
            skipSpaces();
            if (!peek(c)) throw error("expected " + what);
            pos++;
        }

        private boolean peek(char c) {
            return peekAt(pos, c);
        }

        private boolean peekAt(int at, char c) {
            return at < text.length() && text.charAt(at) == c;
        }

        private void skipSpaces() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
        }

        private SelectorFormatException error(String expected) {
            String found = pos < text.length() ? "found '" + text.charAt(pos) + "'" : "found the end";
            return new SelectorFormatException(text, pos, expected + ", " + found);
        }
    }
}
