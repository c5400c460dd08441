package dev.skiff.chaos.monkey;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.skiff.api.FieldError;
import dev.skiff.api.Names;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the monkey may act: every namespace in {@code include} (all when empty) and not in
 * {@code exclude} (kube-monkey's whitelist and blacklist). Protected namespaces are never visited
 * whatever this says.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MonkeyNamespaces(List<String> include, List<String> exclude) {

    public static final MonkeyNamespaces ALL = new MonkeyNamespaces(null, null);

    public MonkeyNamespaces {
        include = include == null ? List.of() : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
    }

    public boolean admits(String namespace) {
        return (include.isEmpty() || include.contains(namespace)) && !exclude.contains(namespace);
    }

    List<FieldError> problems(String path) {
        List<FieldError> p = new ArrayList<>();
        names(include, path + ".include", p);
        names(exclude, path + ".exclude", p);
        return p;
    }

    private static void names(List<String> names, String path, List<FieldError> p) {
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            String at = path + "[" + i + "]";
            Names.dnsLabel("namespace name", n == null ? "" : n).ifPresent(why -> p.add(new FieldError(at, why)));
        }
    }
}
