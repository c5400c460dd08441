package dev.skiff.js;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code await} at the prompt. Scripts (not modules) cannot await at top level, so a line that does
 * is run inside an async function: its last statement, when an expression, becomes the value, and
 * simple declarations ({@code const x = await …}) become globals so later lines still see them (the
 * mongosh approach, kept small).
 */
final class TopLevelAwait {
    private TopLevelAwait() {}

    private static final Pattern DECLARATION = Pattern.compile("^(?:const|let|var)\\s+([A-Za-z_$][\\w$]*)\\s*=");
    private static final Pattern STATEMENT = Pattern.compile(
            "^(?:if|for|while|do|switch|try|throw|return|function|class|const|let|var|import|export|\\{)\\b.*", Pattern.DOTALL);

    private static final Pattern AWAIT = Pattern.compile("\\bawait\\b");

    /** A static import declaration: {@code import [CLAUSE from] "SOURCE"}. */
    private static final Pattern IMPORT = Pattern.compile(
            "^import(?:\\s*(?<clause>[^\"'()]+?)\\s*from)?\\s*(?<source>\"[^\"]*\"|'[^']*')\\s*$", Pattern.DOTALL);
    private static final Pattern NAMESPACE = Pattern.compile("\\*\\s*as\\s+([A-Za-z_$][\\w$]*)");
    private static final Pattern NAMED = Pattern.compile("\\{([^}]*)}", Pattern.DOTALL);
    private static final Pattern DEFAULT = Pattern.compile("^([A-Za-z_$][\\w$]*)\\s*(?:,|$)");
    private static final Pattern BINDING = Pattern.compile("^([A-Za-z_$][\\w$]*)(?:\\s+as\\s+([A-Za-z_$][\\w$]*))?$");

    /**
     * The prompt's static imports ({@code import { expect } from "skiff/assert"}) as awaited dynamic
     * imports whose bindings become globals: the prompt evaluates scripts, where a static import is
     * a syntax error. {@code code} is returned unchanged when it has none.
     */
    static String staticImports(String code) {
        List<String> statements = split(code);
        boolean changed = false;
        List<String> out = new ArrayList<>();
        for (String statement : statements) {
            Matcher m = IMPORT.matcher(statement.strip());
            String rewritten = m.matches() ? dynamicImport(m.group("clause"), m.group("source")) : null;
            out.add(rewritten == null ? statement : sameLines(statement, rewritten));
            changed |= rewritten != null;
        }
        return changed ? String.join(";", out) : code;
    }

    /**
     * The import as an expression; null when its clause is not one this understands (GraalJS then
     * reports the syntax error). A missing export fails as it would in a module, not as undefined.
     */
    private static String dynamicImport(String clause, String source) {
        String imported = "await import(" + source + ")";
        if (clause == null) return "(" + imported + ", undefined)";
        StringBuilder body = new StringBuilder();
        String rest = clause.strip();
        Matcher def = DEFAULT.matcher(rest);
        if (def.find()) {
            bind(body, source, "default", def.group(1));
            rest = rest.substring(def.end()).strip();
        }
        Matcher named = NAMED.matcher(rest);
        Matcher ns = NAMESPACE.matcher(rest);
        if (named.matches()) {
            for (String b : named.group(1).split(",")) {
                if (b.isBlank()) continue; // a trailing comma
                Matcher bm = BINDING.matcher(b.strip());
                if (!bm.matches()) return null;
                bind(body, source, bm.group(1), bm.group(2) != null ? bm.group(2) : bm.group(1));
            }
        } else if (ns.matches()) {
            body.append("globalThis.").append(ns.group(1)).append(" = m; ");
        } else if (!rest.isEmpty()) {
            return null;
        }
        return "(((m) => { " + body + "})(" + imported + "), undefined)";
    }

    private static void bind(StringBuilder body, String source, String exported, String local) {
        String name = JsSession.jsString(exported);
        String missing = JsSession.jsString("the module " + source + " has no export named " + exported);
        body.append("if (!(").append(name).append(" in m)) throw new SyntaxError(").append(missing).append("); ")
                .append("globalThis.").append(local).append(" = m[").append(name).append("]; ");
    }

    /**
     * Whether a syntax error may be a top-level await: GraalJS says so for a leading {@code await},
     * but inside an expression ({@code (await p).x}) it only sees an unexpected word.
     */
    static boolean needs(String message, String code) {
        if (message == null) return false;
        return message.contains("await is only valid") || AWAIT.matcher(code).find();
    }

    /** The wrapped source; its value is a Promise of the last expression's value. */
    static String wrap(String code, boolean returnLast) {
        List<String> statements = split(code);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < statements.size(); i++) {
            String raw = statements.get(i);
            String s = raw.strip();
            if (s.isEmpty()) continue;
            Matcher m = DECLARATION.matcher(s);
            if (m.find()) s = "globalThis." + m.group(1) + " =" + s.substring(m.end());
            boolean last = i == statements.size() - 1;
            if (last && returnLast && !STATEMENT.matcher(s).matches()) s = "return (" + s + "\n)";
            out.add(sameLines(raw, s));
        }
        // nothing before the code's first line and no line added between statements: errors keep the lines typed
        return "(async () => { " + String.join(";", out) + ";\n})()";
    }

    /** {@code replacement} with the whitespace (newlines) around {@code raw}, so the lines after it stay where they were. */
    private static String sameLines(String raw, String replacement) {
        String lead = raw.substring(0, raw.length() - raw.stripLeading().length());
        String trail = raw.substring(raw.stripTrailing().length());
        return lead + replacement + trail;
    }

    /** Top-level statements, split at semicolons outside brackets, strings, templates and comments. */
    static List<String> split(String code) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        char quote = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (quote != 0) {
                if (c == '\\') i++;
                else if (c == quote) quote = 0;
                continue;
            }
            if (c == '/' && i + 1 < code.length() && code.charAt(i + 1) == '/') {
                int nl = code.indexOf('\n', i);
                i = nl < 0 ? code.length() : nl;
                continue;
            }
            if (c == '/' && i + 1 < code.length() && code.charAt(i + 1) == '*') {
                int end = code.indexOf("*/", i + 2);
                i = end < 0 ? code.length() : end + 1;
                continue;
            }
            switch (c) {
                case '"', '\'', '`' -> quote = c;
                case '(', '[', '{' -> depth++;
                case ')', ']', '}' -> depth--;
                case ';' -> {
                    if (depth == 0) {
                        parts.add(code.substring(start, i));
                        start = i + 1;
                    }
                }
                default -> { }
            }
        }
        parts.add(code.substring(start));
        parts.removeIf(p -> p.isBlank());
        return parts;
    }
}
