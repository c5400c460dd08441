package dev.skiff.api;

import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Semantic validation after parsing: the rules Kubernetes' API server enforces on the supported
 * kinds, with messages that say what is wrong and how to fix it. Structural problems (unknown
 * fields, wrong types) are the manifest binder's job; namespaces may be absent here because
 * {@link Defaults} fills them.
 */
public final class Validation {

    private Validation() {
    }

    public static java.util.List<FieldError> validate(Resource r) {
        Problems p = new Problems();
        KindInfo info = Kinds.of(r.getClass()).orElse(null);
        if (info != null) {
            typeMeta(r, info, p);
            metadata(r.metadata(), info, p);
        }
        switch (r) {
            case Pod pod -> PodValidation.spec(pod.spec(), "spec", p);
            case ReplicaSet rs -> WorkloadValidation.replicaSet(rs.spec(), p);
            case Deployment d -> WorkloadValidation.deployment(d.spec(), p);
            case Service s -> ServiceValidation.service(s.spec(), p);
            case Endpoints e -> ServiceValidation.endpoints(e, p);
            case ConfigMap cm -> configMap(cm, p);
            case Secret s -> secret(s, p);
            case Node n -> NodeValidation.node(n, p);
            case ResourceQuota q -> NodeValidation.quota(q, p);
            case LimitRange lr -> NodeValidation.limitRange(lr, p);
            case SelfValidating v -> p.addAll(v.problems());
            default -> { }
        }
        return p.list();
    }

    private static void typeMeta(Resource r, KindInfo info, Problems p) {
        if (!info.apiVersion().equals(r.apiVersion())) {
            p.add("apiVersion", "\"" + r.apiVersion() + "\" is not supported for " + info.kind()
                    + ": use apiVersion: " + info.apiVersion());
        }
        if (!info.kind().equals(r.kind())) {
            p.add("kind", "\"" + r.kind() + "\" does not match the object type: use kind: " + info.kind());
        }
    }

    private static void metadata(ObjectMeta m, KindInfo info, Problems p) {
        String what = info.kind().equals("Service") ? "service name" : "name";
        if (m.name() != null && !m.name().isEmpty()) {
            p.add("metadata.name", nameProblem(info, what, m.name()));
        } else if (m.generateName() != null && !m.generateName().isEmpty()) {
            // a generated name appends random characters, so the prefix may end in '-'
            p.add("metadata.generateName", nameProblem(info, "name prefix", m.generateName() + "x"));
        } else {
            p.add("metadata.name", "required: set metadata.name (or metadata.generateName)");
        }
        String ns = m.namespace();
        if (ns != null && !ns.isEmpty()) {
            if (!info.namespaced()) {
                p.add("metadata.namespace", info.kind() + " is cluster-scoped: remove the namespace");
            } else {
                p.add("metadata.namespace", Names.dnsLabel("namespace", ns));
            }
        }
        labels("metadata.labels", m.labels(), p);
        m.annotationsOrEmpty().keySet().forEach(k ->
                p.add("metadata.annotations[" + k + "]", LabelSelector.keyProblem(k)));
    }

    private static java.util.Optional<String> nameProblem(KindInfo info, String what, String name) {
        return switch (info.kind()) {
            case "Namespace" -> Names.dnsLabel(what, name);
            case "Service" -> Names.dns1035Label(what, name);
            default -> Names.dnsSubdomain(what, name);
        };
    }

    /** Label keys and values, as in metadata.labels, nodeSelector and service selectors. */
    static void labels(String path, Map<String, String> labels, Problems p) {
        if (labels == null) {
            return;
        }
        labels.forEach((k, v) -> {
            String at = path + "[" + k + "]";
            p.add(at, LabelSelector.keyProblem(k));
            p.add(at, LabelSelector.valueProblem(v == null ? "" : v));
        });
    }

    private static void configMap(ConfigMap cm, Problems p) {
        keys("data", cm.data(), p);
        keys("binaryData", cm.binaryData(), p);
        if (cm.data() != null && cm.binaryData() != null) {
            cm.binaryData().keySet().stream().filter(cm.data()::containsKey).forEach(k ->
                    p.add("binaryData[" + k + "]", "duplicate of key \"" + k + "\" in data: a key may be in data"
                            + " or binaryData, not both"));
        }
        base64("binaryData", cm.binaryData(), "binaryData holds base64; put plain text under data", p);
    }

    private static void secret(Secret s, Problems p) {
        keys("data", s.data(), p);
        keys("stringData", s.stringData(), p);
        base64("data", s.data(), "encode the value (base64 -w0) or put plain text under stringData", p);
    }

    private static void keys(String path, Map<String, String> data, Problems p) {
        if (data != null) {
            data.keySet().forEach(k -> p.add(path + "[" + k + "]", Names.configKey(k)));
        }
    }

    private static void base64(String path, Map<String, String> data, String fix, Problems p) {
        if (data == null) {
            return;
        }
        data.forEach((k, v) -> {
            try {
                Base64.getDecoder().decode(v == null ? "" : v);
            } catch (IllegalArgumentException e) {
                p.add(path + "[" + k + "]", "not valid base64: " + fix);
            }
        });
    }

    /** Names that must be unique in a list; returns false (and reports) on a repeat. */
    static boolean unique(Set<String> seen, String value, String path, String what, Problems p) {
        if (value == null || value.isEmpty()) {
            return true;
        }
        if (!seen.add(value)) {
            p.add(path, "duplicate " + what + " \"" + value + "\": " + what + "s must be unique");
            return false;
        }
        return true;
    }

    static Set<String> seen() {
        return new HashSet<>();
    }
}
