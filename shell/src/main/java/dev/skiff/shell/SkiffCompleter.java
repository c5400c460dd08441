package dev.skiff.shell;

import dev.skiff.api.KindInfo;
import dev.skiff.api.Kinds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jline.builtins.Completers;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Tab completion at the prompt: verbs, their flags, kinds and short names, live resource names
 * for the kind being typed, namespaces after -n, labels after -l, containers after -c, files
 * after -f. Live names come from {@link ClusterCache}: never a network call while you type.
 */
public final class SkiffCompleter implements Completer {

    private final LazyGrammar grammar;
    private final ClusterCache cache;
    private final Supplier<String> namespace;
    private final Supplier<Map<String, String>> aliases;
    private final Supplier<List<String>> contexts;
    private final Completer files = new Completers.FileNameCompleter();

    public SkiffCompleter(CommandSpec root, ClusterCache cache, Supplier<String> namespace,
                          Supplier<Map<String, String>> aliases) {
        this(LazyGrammar.of(root), cache, namespace, aliases, List::of);
    }

    /** {@code contexts}: the names in {@code $SKIFF_HOME/config}, read on Tab (a local file). */
    public SkiffCompleter(LazyGrammar grammar, ClusterCache cache, Supplier<String> namespace,
                          Supplier<Map<String, String>> aliases, Supplier<List<String>> contexts) {
        this.grammar = grammar;
        this.cache = cache;
        this.namespace = namespace;
        this.aliases = aliases;
        this.contexts = contexts;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> out) {
        CommandSpec root = grammar.get();
        List<String> words = line.words();
        int index = line.wordIndex();
        String word = line.word();
        if (index == 0) {
            verbs(out);
            return;
        }
        String verb = words.get(0);
        CommandSpec spec = root.subcommands().containsKey(verb) ? root.subcommands().get(verb).getCommandSpec() : null;
        String previous = words.get(index - 1);
        Optional<Grammar.ValueKind> value = Grammar.valueOf(previous);
        if (value.isPresent()) {
            values(value.get(), reader, line, words, out);
            return;
        }
        if (word.startsWith("-") && word.indexOf('=') > 0) {
            inlineValue(word, reader, line, words, out); // --namespace=<Tab>, -o=<Tab>
            return;
        }
        if (word.startsWith("-") && spec != null) {
            // rollout status --…, set image --…: the subcommand's flags
            List<String> pos = Grammar.positionals(words, index);
            CommandSpec flagsOf = !pos.isEmpty() && spec.subcommands().containsKey(pos.getFirst())
                    ? spec.subcommands().get(pos.getFirst()).getCommandSpec() : spec;
            flagsOf.options().forEach(o -> {
                for (String n : o.names()) out.add(new Candidate(n, n, "flags", first(o.description()), null, null, true));
            });
            return;
        }
        if (verb.equals("use")) {
            cache.namespaces().forEach(n -> out.add(plain(n, "namespaces")));
            return;
        }
        if (verb.equals("help")) {
            verbs(out);
            return;
        }
        if (spec != null && !spec.subcommands().isEmpty() && Grammar.positionals(words, index).isEmpty()) {
            spec.subcommands().keySet().forEach(n -> out.add(plain(n, "commands")));
            return;
        }
        positional(verb, words, index, word, out);
    }

    private void verbs(List<Candidate> out) {
        grammar.get().subcommands().forEach((name, cl) -> {
            if (!cl.getCommandSpec().usageMessage().hidden()) {
                out.add(new Candidate(name, name, "verbs", first(cl.getCommandSpec().usageMessage().description()), null, null, true));
            }
        });
        Grammar.BUILTINS.forEach(b -> out.add(plain(b, "verbs")));
        aliases.get().keySet().forEach(a -> out.add(new Candidate(a, a, "aliases", aliases.get().get(a), null, null, true)));
    }

    private void positional(String verb, List<String> words, int index, String word, List<Candidate> out) {
        String ns = Grammar.namespaceIn(words).orElseGet(namespace);
        List<String> before = Grammar.positionals(words, index);
        if (verb.equals("chaos")) {
            chaosTargets(before, ns, out);
        } else if (verb.equals("config")) {
            if (before.size() == 1 && Grammar.CONTEXT_NAMED.contains(before.getFirst())) contexts(out);
        } else if (Grammar.POD_VERBS.contains(verb)) {
            names(Kinds.resolve("pods").orElseThrow(), ns, "", out);
        } else if (Grammar.NODE_VERBS.contains(verb)) {
            names(Kinds.resolve("nodes").orElseThrow(), ns, "", out);
        } else if (Grammar.KIND_THEN_NAMES.contains(verb) || Grammar.KIND_SLASH_NAME.contains(verb)) {
            int slash = word.indexOf('/');
            Optional<KindInfo> typedKind = before.stream().map(Grammar::kindOf).flatMap(Optional::stream).findFirst();
            if (slash > 0) {
                Grammar.kindOf(word).ifPresent(k -> names(k, ns, word.substring(0, slash + 1), out));
            } else if (typedKind.isEmpty() || verb.equals("explain")) {
                kinds(out, Grammar.KIND_SLASH_NAME.contains(verb));
            } else {
                names(typedKind.get(), ns, "", out);
            }
        }
    }

    private void kinds(List<Candidate> out, boolean withSlash) {
        for (KindInfo k : Kinds.all()) {
            for (String n : k.names()) {
                out.add(new Candidate(n + (withSlash ? "/" : ""), n, "kinds", k.kind(), null, null, !withSlash));
            }
        }
    }

    /** {@code chaos kill pod NAME}, {@code chaos node-down NODE}, {@code chaos delay svc/NAME}: live targets. */
    private void chaosTargets(List<String> before, String ns, List<Candidate> out) {
        String action = before.getFirst();
        if (Grammar.CHAOS_POD_ACTIONS.contains(action)) {
            boolean nodes = action.equals("stress"); // chaos stress pod NAME | node NODE
            if (before.size() == 1) {
                out.add(plain("pod", "kinds"));
                if (nodes) out.add(plain("node", "kinds"));
            } else if (before.size() == 2) {
                names(Kinds.resolve(nodes && before.get(1).startsWith("no") ? "nodes" : "pods").orElseThrow(), ns, "", out);
            }
        } else if (Grammar.CHAOS_NODE_ACTIONS.contains(action) && before.size() == 1) {
            names(Kinds.resolve("nodes").orElseThrow(), ns, "", out);
        } else if (Grammar.CHAOS_SERVICE_ACTIONS.contains(action) && before.size() == 1) {
            names(Kinds.resolve("services").orElseThrow(), ns, "svc/", out);
        }
    }

    private void contexts(List<Candidate> out) {
        contexts.get().forEach(c -> out.add(plain(c, "contexts")));
    }

    private void names(KindInfo kind, String ns, String prefix, List<Candidate> out) {
        cache.names(kind, ns).forEach(n -> out.add(plain(prefix + n, kind.plural())));
    }

    private void values(Grammar.ValueKind kind, LineReader reader, ParsedLine line, List<String> words, List<Candidate> out) {
        String ns = Grammar.namespaceIn(words).orElseGet(namespace);
        switch (kind) {
            case NAMESPACE -> cache.namespaces().forEach(n -> out.add(plain(n, "namespaces")));
            case FILE -> files.complete(reader, line, out);
            case OUTPUT -> Grammar.OUTPUTS.forEach(o -> out.add(new Candidate(o, o, "formats", null, null, null, !o.endsWith("="))));
            case SELECTOR -> selectorCandidates(words, ns, out);
            case CONTAINER -> {
                List<String> pos = Grammar.positionals(words, words.size());
                if (!pos.isEmpty()) cache.containers(ns, pos.getLast()).forEach(c -> out.add(plain(c, "containers")));
            }
            case CONTEXT -> contexts(out);
            case OTHER -> { }
        }
    }

    /** {@code --namespace=sh}: the option's values, each written with the option in front, as the word is. */
    private void inlineValue(String word, LineReader reader, ParsedLine line, List<String> words, List<Candidate> out) {
        int eq = word.indexOf('=');
        Optional<Grammar.ValueKind> kind = Grammar.valueOf(word.substring(0, eq));
        if (kind.isEmpty() || kind.get() == Grammar.ValueKind.FILE) return; // file names complete the whole word
        List<Candidate> values = new ArrayList<>();
        values(kind.get(), reader, line, words, values);
        String option = word.substring(0, eq + 1);
        values.forEach(c -> out.add(new Candidate(option + c.value(), c.displ(), c.group(), c.descr(), c.suffix(), c.key(), c.complete())));
    }

    private void selectorCandidates(List<String> words, String ns, List<Candidate> out) {
        Optional<KindInfo> kind = Grammar.positionals(words, words.size()).stream().map(Grammar::kindOf)
                .flatMap(Optional::stream).findFirst();
        KindInfo k = kind.orElseGet(() -> Kinds.resolve("pods").orElseThrow());
        Map<String, Set<String>> labels = cache.labels(k, ns);
        labels.forEach((key, values) -> values.forEach(v -> out.add(plain(key + "=" + v, "labels"))));
    }

    private static Candidate plain(String value, String group) {
        return new Candidate(value, value, group, null, null, null, true);
    }

    private static String first(String[] lines) {
        return lines == null || lines.length == 0 ? null : lines[0];
    }

    /** For tests and the highlighter: whether {@code verb} is something the prompt can run. */
    boolean isVerb(String verb) {
        return grammar.get().subcommands().containsKey(verb) || Grammar.BUILTINS.contains(verb) || aliases.get().containsKey(verb);
    }

    /** For the highlighter, which must not wait: whether {@code verb} is runnable, empty while the grammar is built. */
    Optional<Boolean> isVerbNow(String verb) {
        if (Grammar.BUILTINS.contains(verb) || aliases.get().containsKey(verb)) return Optional.of(true);
        return grammar.now().map(root -> root.subcommands().containsKey(verb));
    }

    static List<String> candidateValues(List<Candidate> candidates) {
        List<String> out = new ArrayList<>();
        candidates.forEach(c -> out.add(c.value()));
        return out;
    }

    CommandSpec root() {
        return grammar.get();
    }

    static CommandSpec spec(CommandLine cl) {
        return cl.getCommandSpec();
    }
}
