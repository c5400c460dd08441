package dev.skiff.output.jsonpath;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * kubectl's JSONPath dialect (client-go util/jsonpath): text with {@code {actions}}; actions are
 * {@code range EXPR}, {@code end}, quoted strings, or expressions of fields, brackets, filters and
 * {@code ..}. Positions in errors are offsets into the whole template.
 */
final class Parser {
    private static final Pattern FILTER = Pattern.compile("^([^!<>=]+)([!<>=]+)(.+?)$", Pattern.DOTALL);
    private static final Set<String> OPERATORS = Set.of("==", "!=", "<", ">", "<=", ">=");

    private final String template;

    private Parser(String template) {
        this.template = template;
    }

    static List<Segment> parse(String template) {
        return new Parser(template).segments();
    }

    private List<Segment> segments() {
        Deque<List<Segment>> open = new ArrayDeque<>();
        Deque<List<Step>> ranges = new ArrayDeque<>();
        Deque<Integer> rangeStarts = new ArrayDeque<>();
        List<Segment> current = new ArrayList<>();
        int pos = 0;
        while (pos < template.length()) {
            int brace = template.indexOf('{', pos);
            if (brace < 0) {
                current.add(new Segment.Text(template.substring(pos)));
                break;
            }
            if (brace > pos) current.add(new Segment.Text(template.substring(pos, brace)));
            int close = actionEnd(brace + 1);
            String action = template.substring(brace + 1, close);
            String trimmed = action.strip();
            int at = brace + 1 + (action.length() - action.stripLeading().length());
            if (trimmed.equals("end")) {
                if (ranges.isEmpty()) throw error(at, "not in range, nothing to end");
                List<Segment> body = current;
                current = open.pop();
                rangeStarts.pop();
                current.add(new Segment.Range(ranges.pop(), List.copyOf(body)));
            } else if (trimmed.startsWith("range ") || trimmed.startsWith("range\t")) {
                ranges.push(steps(trimmed.substring(6), at + 6));
                rangeStarts.push(brace);
                open.push(current);
                current = new ArrayList<>();
            } else {
                current.add(new Segment.Expression(steps(action, brace + 1)));
            }
            pos = close + 1;
        }
        if (!ranges.isEmpty()) throw error(rangeStarts.peek(), "unclosed range: add {end} after its body");
        return List.copyOf(current);
    }

    /** The index of the '}' closing an action opened before {@code from}; braces in quotes don't count. */
    private int actionEnd(int from) {
        char quote = 0;
        for (int i = from; i < template.length(); i++) {
            char c = template.charAt(i);
            if (quote != 0) {
                if (c == '\\') i++;
                else if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '}') {
                return i;
            }
        }
        throw error(from - 1, "unclosed action: expected }");
    }

    /** Parses the expression {@code text}, which starts at {@code offset} in the template. */
    private List<Step> steps(String text, int offset) {
        return new Expr(text, offset).parse();
    }

    private JsonPathException error(int position, String problem) {
        return new JsonPathException(template, position, problem);
    }

    /** A cursor over one expression. */
    private final class Expr {
        private final String s;
        private final int offset;
        private final List<Step> steps = new ArrayList<>();
        private int pos;

        Expr(String s, int offset) {
            this.s = s;
            this.offset = offset;
        }

        List<Step> parse() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (Character.isWhitespace(c) || c == '@' || c == '$') {
                    pos++;
                } else if (c == '.') {
                    dot();
                } else if (c == '[') {
                    bracket();
                } else if (c == '"' || c == '\'') {
                    steps.add(new Step.Literal(new TextNode(quoted())));
                } else if (c == '-' || Character.isDigit(c)) {
                    number();
                } else if (Character.isLetter(c)) {
                    word();
                } else {
                    throw error(offset + pos, "unrecognized character '" + c + "'");
                }
            }
            return List.copyOf(steps);
        }

        private void dot() {
            if (pos + 1 < s.length() && s.charAt(pos + 1) == '.') {
                steps.add(new Step.Recursive());
                pos += 2;
                if (pos < s.length() && !terminator(s.charAt(pos))) steps.add(field());
                return;
            }
            pos++;
            Step.Field f = field();
            if (f.name().equals("*")) steps.add(new Step.Wildcard());
            else if (!f.name().isEmpty()) steps.add(f);
        }

        /** A field name up to the next terminator; a backslash makes the next character literal. */
        private Step.Field field() {
            StringBuilder name = new StringBuilder();
            while (pos < s.length() && !terminator(s.charAt(pos))) {
                char c = s.charAt(pos++);
                if (c == '\\' && pos < s.length()) c = s.charAt(pos++);
                name.append(c);
            }
            return new Step.Field(name.toString());
        }

        private boolean terminator(char c) {
            return Character.isWhitespace(c) || ".,[]$@{}()".indexOf(c) >= 0;
        }

        private void bracket() {
            int start = pos;
            int close = bracketEnd(start);
            String inner = s.substring(start + 1, close).strip();
            int innerAt = offset + start + 1 + (s.substring(start + 1, close).length()
                    - s.substring(start + 1, close).stripLeading().length());
            pos = close + 1;
            if (inner.isEmpty()) throw error(offset + start, "empty brackets: put an index, a slice, * or a filter inside");
            if (inner.startsWith("?")) {
                steps.add(filter(inner, innerAt));
            } else if (inner.equals("*")) {
                steps.add(new Step.Wildcard());
            } else {
                List<String> parts = splitOutsideQuotes(inner);
                List<List<Step>> branches = new ArrayList<>();
                int at = innerAt;
                for (String part : parts) {
                    branches.add(List.of(member(part.strip(), at)));
                    at += part.length() + 1;
                }
                steps.add(branches.size() == 1 ? branches.getFirst().getFirst() : new Step.Union(branches));
            }
        }

        private int bracketEnd(int start) {
            char quote = 0;
            int depth = 0;
            for (int i = start + 1; i < s.length(); i++) {
                char c = s.charAt(i);
                if (quote != 0) {
                    if (c == '\\') i++;
                    else if (c == quote) quote = 0;
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '(' || c == '[') {
                    depth++;
                } else if (c == ')' || (c == ']' && depth > 0)) {
                    depth--;
                } else if (c == ']') {
                    return i;
                }
            }
            throw error(offset + start, "unclosed array: expected ]");
        }

        /** One member of a bracket: a quoted key, an index, or a slice. */
        private Step member(String part, int at) {
            if (part.startsWith("'") || part.startsWith("\"")) {
                return new Step.Field(new Expr(part, at).quoted());
            }
            String[] bounds = part.split(":", -1);
            if (bounds.length > 3) throw error(at, "invalid slice \"" + part + "\": use [start:end:step]");
            Integer[] v = new Integer[3];
            for (int i = 0; i < bounds.length; i++) {
                String b = bounds[i].strip();
                if (b.isEmpty()) continue;
                try {
                    v[i] = Integer.parseInt(b);
                } catch (NumberFormatException e) {
                    throw error(at, "invalid array index \"" + b + "\": use a number, a slice, * or 'key'");
                }
            }
            if (bounds.length == 1 && v[0] == null) throw error(at, "invalid array index \"" + part + "\"");
            return new Step.Slice(v[0], v[1], v[2], bounds.length == 1);
        }

        private Step filter(String inner, int at) {
            if (!inner.startsWith("?(") || !inner.endsWith(")")) {
                throw error(at, "invalid filter \"" + inner + "\": write [?(@.field == \"value\")]");
            }
            String body = inner.substring(2, inner.length() - 1);
            int bodyAt = at + 2;
            Matcher m = FILTER.matcher(body);
            if (!m.matches()) return new Step.Filter(new Expr(body, bodyAt).parse(), "exists", List.of());
            String op = m.group(2);
            if (!OPERATORS.contains(op)) {
                int end = m.end(2);
                while (end < body.length() && "~!%^&*|+-/".indexOf(body.charAt(end)) >= 0) end++;
                throw error(bodyAt + m.start(2), "unrecognized filter operator \"" + body.substring(m.start(2), end)
                        + "\": use ==, !=, <, >, <= or >=");
            }
            List<Step> left = new Expr(m.group(1), bodyAt).parse();
            List<Step> right = new Expr(m.group(3), bodyAt + m.start(3)).parse();
            if (left.isEmpty() || right.isEmpty()) throw error(bodyAt, "filter \"" + body + "\" needs a value on both sides of " + op);
            return new Step.Filter(left, op, right);
        }

        /** A quoted string at pos, with Go's escapes (\t, \n, \", \\); pos moves past it. */
        private String quoted() {
            int start = pos;
            char q = s.charAt(pos++);
            StringBuilder out = new StringBuilder();
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == q) return out.toString();
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (pos >= s.length()) break;
                char e = s.charAt(pos++);
                out.append(switch (e) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> e;
                });
            }
            throw error(offset + start, "unterminated quoted string");
        }

        private void number() {
            int start = pos++;
            while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || ".eE+-".indexOf(s.charAt(pos)) >= 0)) pos++;
            String text = s.substring(start, pos);
            try {
                BigDecimal n = new BigDecimal(text);
                steps.add(new Step.Literal(n.scale() <= 0 && text.matches("-?\\d+")
                        ? LongNode.valueOf(n.longValueExact()) : DecimalNode.valueOf(n)));
            } catch (NumberFormatException | ArithmeticException e) {
                throw error(offset + start, "invalid number \"" + text + "\"");
            }
        }

        private void word() {
            int start = pos;
            while (pos < s.length() && Character.isLetterOrDigit(s.charAt(pos))) pos++;
            String w = s.substring(start, pos);
            switch (w) {
                case "true" -> steps.add(new Step.Literal(BooleanNode.TRUE));
                case "false" -> steps.add(new Step.Literal(BooleanNode.FALSE));
                default -> throw error(offset + start, "unrecognized identifier \"" + w + "\": fields start with a dot, as in ." + w);
            }
        }
    }

    private static List<String> splitOutsideQuotes(String text) {
        List<String> parts = new ArrayList<>();
        char quote = 0;
        int from = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') i++;
                else if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == ',') {
                parts.add(text.substring(from, i));
                from = i + 1;
            }
        }
        parts.add(text.substring(from));
        return parts;
    }
}
