package dev.skiff.cli;

import dev.skiff.api.Kinds;
import dev.skiff.api.Resource;

/** Puts objects from files into the namespace given with {@code -n}, as kubectl does. */
final class Namespaces {
    private Namespaces() {}

    static final String DEFAULT = "default";

    private static volatile String current;

    /** The namespace commands use when given no {@code -n}: "default", or what {@code use} chose. */
    static String current() {
        String c = current;
        if (c == null) {
            c = Contexts.current().map(Contexts.Context::namespace).orElse(DEFAULT);
            current = c;
        }
        return c;
    }

    static void use(String namespace) {
        current = namespace;
    }

    /**
     * An object that names no namespace goes into {@code flag} (or "default"); one that names a
     * different namespace than {@code -n} is refused, since applying it elsewhere would surprise.
     */
    static Resource place(Resource r, String flag) {
        boolean namespaced = Kinds.ofKind(r.apiVersion(), r.kind()).map(k -> k.namespaced()).orElse(true);
        if (!namespaced) return r;
        String own = r.namespace();
        if (own == null || own.isEmpty()) {
            return r.withMetadata(r.metadata().withNamespace(flag == null ? current() : flag));
        }
        if (flag != null && !flag.equals(own)) {
            throw new UserError("the namespace from the provided object \"" + own
                    + "\" does not match the namespace \"" + flag + "\": pass --namespace=" + own
                    + " or remove metadata.namespace from " + r.kind() + " " + r.name());
        }
        return r;
    }
}
