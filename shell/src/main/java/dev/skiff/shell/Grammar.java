package dev.skiff.shell;

import dev.skiff.api.KindInfo;
import dev.skiff.api.Kinds;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How a command line reads, for completion and highlighting: which verbs take a kind then names,
 * which take pod or node names directly, and which options take a value of what sort.
 */
final class Grammar {
    private Grammar() {}

    /** Verbs whose first argument is a kind and the rest are names of that kind. */
    static final Set<String> KIND_THEN_NAMES = Set.of("get", "describe", "delete", "edit", "label", "annotate", "explain");
    /** Verbs whose arguments are pod names. */
    static final Set<String> POD_VERBS = Set.of("logs", "exec");
    /** Verbs whose arguments are node names. */
    static final Set<String> NODE_VERBS = Set.of("cordon", "uncordon", "drain");
    /** chaos subcommands taking {@code pod NAME}, a node, or {@code svc/NAME}. */
    static final Set<String> CHAOS_POD_ACTIONS = Set.of("kill", "container-kill", "pause", "stress");
    static final Set<String> CHAOS_NODE_ACTIONS = Set.of("node-down", "drain");
    static final Set<String> CHAOS_SERVICE_ACTIONS = Set.of("delay", "loss", "partition");
    /**
     * Verbs that take KIND/NAME (after their subcommand: rollout status deploy/web, set image
     * deploy/web, top nodes NAME).
     */
    static final Set<String> KIND_SLASH_NAME = Set.of("scale", "expose", "rollout", "set", "top");
    /** {@code config} subcommands whose argument is a context's name. */
    static final Set<String> CONTEXT_NAMED = Set.of("use-context", "set-context", "delete-context");
    /** Words the prompt itself understands. */
    static final List<String> BUILTINS = List.of("use", "help", "exit", "quit", "alias", "unalias");

    enum ValueKind { NAMESPACE, SELECTOR, CONTAINER, FILE, OUTPUT, CONTEXT, OTHER }

    static Optional<ValueKind> valueOf(String option) {
        return Optional.ofNullable(switch (option) {
            case "-n", "--namespace", "--exclude" -> ValueKind.NAMESPACE; // --exclude: chaos monkey start
            case "-l", "--selector" -> ValueKind.SELECTOR;
            case "-c", "--container" -> ValueKind.CONTAINER;
            case "-f", "--filename" -> ValueKind.FILE;
            case "-o", "--output" -> ValueKind.OUTPUT;
            case "--context" -> ValueKind.CONTEXT;
            case "-s", "--server", "--grace-period", "--cascade", "--dry-run", "--tail", "--since", "--replicas",
                 "--image", "--sort-by", "-L", "--label-columns", "--timeout", "--to-revision", "--port",
                 "--target-port", "--type", "--name", "--revision" -> ValueKind.OTHER;
            default -> null;
        });
    }

    static final List<String> OUTPUTS = List.of("json", "yaml", "wide", "name", "jsonpath=", "custom-columns=");

    /** The kind named by {@code word}: {@code pods}, {@code po}, {@code deploy/web} (before the slash). */
    static Optional<KindInfo> kindOf(String word) {
        int slash = word.indexOf('/');
        return Kinds.resolve(slash >= 0 ? word.substring(0, slash) : word);
    }

    /** For get: {@code pods,svc} and {@code all} name kinds too; the first kind named (pods for all). */
    static Optional<KindInfo> kindsOf(String word) {
        if (word.equals("all")) return Kinds.resolve("pods");
        if (!word.contains(",")) return kindOf(word);
        Optional<KindInfo> first = Optional.empty();
        for (String part : word.split(",")) {
            Optional<KindInfo> k = Kinds.resolve(part);
            if (k.isEmpty() && !part.isEmpty()) return Optional.empty();
            if (first.isEmpty()) first = k;
        }
        return first;
    }

    /** The kind an explain target starts with: {@code deploy.spec.strategy} → Deployment. */
    static Optional<KindInfo> explainedKindOf(String word) {
        String[] parts = word.split("\\.");
        for (int i = parts.length; i >= 1; i--) {
            Optional<KindInfo> k = Kinds.resolve(String.join(".", java.util.Arrays.asList(parts).subList(0, i)));
            if (k.isPresent()) return k;
        }
        return Optional.empty();
    }

    /** The value of {@code -n}/{@code --namespace} on the line, if any. */
    static Optional<String> namespaceIn(List<String> words) {
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if ((w.equals("-n") || w.equals("--namespace")) && i + 1 < words.size()) return Optional.of(words.get(i + 1));
            if (w.startsWith("--namespace=")) return Optional.of(w.substring("--namespace=".length()));
        }
        return Optional.empty();
    }

    /** The positional words after the verb (options and their values skipped). */
    static List<String> positionals(List<String> words, int upTo) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 1; i < Math.min(upTo, words.size()); i++) {
            String w = words.get(i);
            if (w.startsWith("-")) {
                if (!w.contains("=") && valueOf(w).isPresent()) i++;
                continue;
            }
            out.add(w);
        }
        return out;
    }
}
