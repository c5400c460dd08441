package dev.skiff.api;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Pod spec rules, shared by pods and the pod templates of ReplicaSets and Deployments. */
final class PodValidation {

    private PodValidation() {
    }

    static void spec(PodSpec spec, String path, Problems p) {
        if (spec == null) {
            p.add(path, "required: a pod needs a spec with at least one container");
            return;
        }
        Set<String> volumeNames = volumes(spec.volumesOrEmpty(), path + ".volumes", p);
        p.required(path + ".containers", spec.containers(), "a pod needs at least one container");
        Set<String> containerNames = Validation.seen();
        Map<String, String> portsSeen = new HashMap<>();
        Set<String> portNames = Validation.seen();
        ContainerCheck check = new ContainerCheck(containerNames, volumeNames, portsSeen, portNames, p);
        List<Container> init = spec.initContainersOrEmpty();
        for (int i = 0; i < init.size(); i++) {
            check.container(init.get(i), path + ".initContainers[" + i + "]", true);
        }
        List<Container> main = spec.containersOrEmpty();
        for (int i = 0; i < main.size(); i++) {
            check.container(main.get(i), path + ".containers[" + i + "]", false);
        }
        p.atLeast(path + ".terminationGracePeriodSeconds", spec.terminationGracePeriodSeconds(), 0);
        Validation.labels(path + ".nodeSelector", spec.nodeSelector(), p);
        if (spec.hostname() != null && !spec.hostname().isEmpty()) {
            p.add(path + ".hostname", Names.dnsLabel("hostname", spec.hostname()));
        }
        affinity(spec.affinity(), path + ".affinity.nodeAffinity", p);
        tolerations(spec.tolerationsOrEmpty(), path + ".tolerations", p);
    }

    private static Set<String> volumes(List<Volume> volumes, String path, Problems p) {
        Set<String> names = Validation.seen();
        for (int i = 0; i < volumes.size(); i++) {
            Volume v = volumes.get(i);
            String at = path + "[" + i + "]";
            if (p.required(at + ".name", v.name(), "every volume needs a name")) {
                p.add(at + ".name", Names.dnsLabel("volume name", v.name()));
                Validation.unique(names, v.name(), at + ".name", "volume name", p);
            }
            String refused = v.refusedSource().orElse(null);
            if (refused != null) {
                p.add(at, refused + " volumes are not supported; use one of " + Volume.SUPPORTED);
                continue;
            }
            List<String> sources = v.sources();
            if (sources.isEmpty()) {
                p.add(at, "no volume source: set one of " + Volume.SUPPORTED);
            } else if (sources.size() > 1) {
                p.add(at, "more than one volume source (" + String.join(", ", sources) + "): keep exactly one");
            }
            source(v, at, p);
        }
        return names;
    }

    private static void source(Volume v, String at, Problems p) {
        if (v.hostPath() != null && p.required(at + ".hostPath.path", v.hostPath().path(), "the node path to mount")) {
            absolute(at + ".hostPath.path", v.hostPath().path(), p);
        }
        if (v.configMap() != null) {
            p.required(at + ".configMap.name", v.configMap().name(), "the ConfigMap to mount");
            items(v.configMap().items(), at + ".configMap.items", p);
        }
        if (v.secret() != null) {
            p.required(at + ".secret.secretName", v.secret().secretName(), "the Secret to mount");
            items(v.secret().items(), at + ".secret.items", p);
        }
        if (v.gitRepo() != null) {
            p.required(at + ".gitRepo.repository", v.gitRepo().repository(), "the repository URL to clone");
        }
        if (v.nfs() != null) {
            p.required(at + ".nfs.server", v.nfs().server(), "the NFS server's host name or address");
            if (p.required(at + ".nfs.path", v.nfs().path(), "the exported path")) {
                absolute(at + ".nfs.path", v.nfs().path(), p);
            }
        }
    }

    private static void items(List<KeyToPath> items, String path, Problems p) {
        if (items == null) {
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            KeyToPath k = items.get(i);
            String at = path + "[" + i + "]";
            p.required(at + ".key", k.key(), "the key to project");
            if (p.required(at + ".path", k.path(), "the relative file path for the key")
                    && (k.path().startsWith("/") || List.of(k.path().split("/")).contains(".."))) {
                p.add(at + ".path", "\"" + k.path() + "\" must be a relative path without '..'");
            }
        }
    }

    static void absolute(String path, String value, Problems p) {
        if (!value.startsWith("/")) {
            p.add(path, "\"" + value + "\" must be an absolute path (starting with '/')");
        }
    }

    private static void affinity(Affinity a, String path, Problems p) {
        if (a == null || a.nodeAffinity() == null) {
            return;
        }
        NodeAffinity na = a.nodeAffinity();
        NodeSelector required = na.requiredDuringSchedulingIgnoredDuringExecution();
        if (required != null) {
            String at = path + ".requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms";
            if (p.required(at, required.nodeSelectorTerms(), "at least one node selector term")) {
                for (int i = 0; i < required.nodeSelectorTerms().size(); i++) {
                    term(required.nodeSelectorTerms().get(i), at + "[" + i + "]", p);
                }
            }
        }
        List<PreferredSchedulingTerm> preferred = na.preferredDuringSchedulingIgnoredDuringExecution();
        for (int i = 0; preferred != null && i < preferred.size(); i++) {
            String at = path + ".preferredDuringSchedulingIgnoredDuringExecution[" + i + "]";
            Integer w = preferred.get(i).weight();
            if (w == null || w < 1 || w > 100) {
                p.add(at + ".weight", w + " is invalid: weight must be between 1 and 100");
            }
            if (p.required(at + ".preference", preferred.get(i).preference(), "the node selector term to prefer")) {
                term(preferred.get(i).preference(), at + ".preference", p);
            }
        }
    }

    private static void term(NodeSelectorTerm t, String path, Problems p) {
        List<NodeSelectorRequirement> exprs = t.matchExpressions() == null ? List.of() : t.matchExpressions();
        for (int i = 0; i < exprs.size(); i++) {
            requirement(exprs.get(i), path + ".matchExpressions[" + i + "]", p);
        }
    }

    private static void requirement(NodeSelectorRequirement r, String at, Problems p) {
        if (p.required(at + ".key", r.key(), "the node label key")) {
            p.add(at + ".key", LabelSelector.keyProblem(r.key()));
        }
        if (!p.required(at + ".operator", r.operator(), "one of " + WireValue.supported(NodeSelectorOperator.class))) {
            return;
        }
        int n = r.values() == null ? 0 : r.values().size();
        switch (r.operator()) {
            case IN, NOT_IN -> {
                if (n == 0) {
                    p.add(at + ".values", "must have at least one value when operator is " + r.operator());
                }
            }
            case EXISTS, DOES_NOT_EXIST -> {
                if (n > 0) {
                    p.add(at + ".values", "must be empty when operator is " + r.operator());
                }
            }
            case GT, LT -> {
                if (n != 1 || !r.values().get(0).matches("-?\\d+")) {
                    p.add(at + ".values", "must be a single integer when operator is " + r.operator());
                }
            }
        }
    }

    private static void tolerations(List<Toleration> ts, String path, Problems p) {
        for (int i = 0; i < ts.size(); i++) {
            Toleration t = ts.get(i);
            String at = path + "[" + i + "]";
            boolean noKey = t.key() == null || t.key().isEmpty();
            if (!noKey) {
                p.add(at + ".key", LabelSelector.keyProblem(t.key()));
            }
            if (noKey && t.operator() != TolerationOperator.EXISTS) {
                p.add(at + ".operator", "must be Exists when key is empty (a toleration of every taint)");
            }
            if (t.operator() == TolerationOperator.EXISTS && t.value() != null && !t.value().isEmpty()) {
                p.add(at + ".value", "must be empty when operator is Exists");
            }
            if (t.tolerationSeconds() != null && t.effect() != TaintEffect.NO_EXECUTE) {
                p.add(at + ".tolerationSeconds", "only applies to effect NoExecute: set effect: NoExecute or remove it");
            }
        }
    }

    static String names(Set<String> s) {
        return s.stream().sorted().collect(Collectors.joining(", "));
    }
}
