package dev.skiff.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rewrites a line's words before it runs: an alias in verb position expands to its words, and
 * {@code $N} becomes the name in row N of the last listing ({@code describe $2} also gains the
 * listing's kind, since describe needs one, and the row's namespace, unless the line names one:
 * after {@code get pods -A}, {@code $3} may be in another namespace than the current one).
 */
final class LineExpander {
    private LineExpander() {}

    static List<String> expand(List<String> words, Map<String, String> aliases, Rows.Listing rows) {
        List<String> out = new ArrayList<>();
        boolean namesNamespace = words.stream().anyMatch(w -> w.startsWith("-n") || w.startsWith("--namespace")
                || w.equals("-A") || w.equals("--all-namespaces"));
        String rowNamespace = null;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (i == 0 && aliases.containsKey(w)) {
                out.addAll(List.of(aliases.get(w).trim().split("\\s+")));
            } else if (w.matches("\\$\\d+")) {
                int n = Integer.parseInt(w.substring(1));
                if (n < 1 || n > rows.names().size()) {
                    throw new IllegalArgumentException(w + " does not name a row: the last listing had "
                            + rows.names().size() + " row(s); list something with get first");
                }
                boolean needsKind = out.size() == 1 && Grammar.KIND_THEN_NAMES.contains(out.getFirst());
                if (needsKind) out.add(rows.kind());
                out.add(rows.names().get(n - 1));
                String ns = rows.namespaces().get(n - 1);
                if (ns != null && !namesNamespace) {
                    if (rowNamespace == null) {
                        out.add("-n");
                        out.add(ns);
                        rowNamespace = ns;
                    } else if (!rowNamespace.equals(ns)) {
                        throw new IllegalArgumentException("the rows named are in namespaces " + rowNamespace + " and " + ns
                                + ": one command acts in one namespace; name rows of one, or add -n NAMESPACE");
                    }
                }
            } else {
                out.add(w);
            }
        }
        return out;
    }
}
