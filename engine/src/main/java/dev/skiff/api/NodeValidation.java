package dev.skiff.api;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Rules for the cluster-level kinds: nodes' taints, quotas' resources, limit ranges' bounds. */
final class NodeValidation {

    static final Set<String> QUOTA_RESOURCES = Set.of("requests.cpu", "requests.memory", "limits.cpu",
            "limits.memory", "cpu", "memory", "pods", "services", "services.nodeports", "configmaps", "secrets");

    private NodeValidation() {
    }

    static void node(Node n, Problems p) {
        List<Taint> taints = n.spec() == null || n.spec().taints() == null ? List.of() : n.spec().taints();
        Set<String> seen = Validation.seen();
        for (int i = 0; i < taints.size(); i++) {
            Taint t = taints.get(i);
            String at = "spec.taints[" + i + "]";
            if (p.required(at + ".key", t.key(), "the taint key")) {
                p.add(at + ".key", LabelSelector.keyProblem(t.key()));
            }
            if (t.value() != null) {
                p.add(at + ".value", LabelSelector.valueProblem(t.value()));
            }
            if (p.required(at + ".effect", t.effect(), "one of " + WireValue.supported(TaintEffect.class))
                    && !seen.add(t.key() + ":" + t.effect())) {
                p.add(at, "duplicate taint " + t.key() + ":" + t.effect() + ": a key may appear once per effect");
            }
        }
    }

    static void quota(ResourceQuota q, Problems p) {
        Map<String, Quantity> hard = q.spec() == null ? null : q.spec().hard();
        if (hard == null) {
            return;
        }
        hard.forEach((name, value) -> {
            String at = "spec.hard[" + name + "]";
            if (!QUOTA_RESOURCES.contains(name) && !countsAKind(name)) {
                p.add(at, "unsupported resource \"" + name + "\": use one of "
                        + PodValidation.names(QUOTA_RESOURCES) + ", or count/<resource> (e.g. count/deployments.apps)");
            }
            if (value != null && value.signum() < 0) {
                p.add(at, value + " is invalid: must be 0 or more");
            }
        });
    }

    /** {@code count/<resource>} counts objects of any namespaced kind, e.g. count/deployments.apps. */
    private static boolean countsAKind(String name) {
        return name.startsWith("count/") && Kinds.all().stream()
                .anyMatch(k -> k.namespaced() && k.resource().equals(name.substring("count/".length())));
    }

    static void limitRange(LimitRange lr, Problems p) {
        List<LimitRangeItem> items = lr.spec() == null || lr.spec().limits() == null ? List.of() : lr.spec().limits();
        for (int i = 0; i < items.size(); i++) {
            LimitRangeItem item = items.get(i);
            String at = "spec.limits[" + i + "]";
            if (!p.required(at + ".type", item.type(), "Container or Pod")) {
                continue;
            }
            if (item.type() == LimitType.POD && (item.defaultLimits() != null || item.defaultRequest() != null)) {
                p.add(at, "default and defaultRequest only apply to type Container");
            }
            order(item.min(), "min", item.defaultRequest(), "defaultRequest", at, p);
            order(item.defaultRequest(), "defaultRequest", item.defaultLimits(), "default", at, p);
            order(item.defaultLimits(), "default", item.max(), "max", at, p);
            order(item.min(), "min", item.max(), "max", at, p);
        }
    }

    /** Every resource in both maps must satisfy low ≤ high. */
    private static void order(Map<String, Quantity> low, String lowName, Map<String, Quantity> high,
                              String highName, String at, Problems p) {
        if (low == null || high == null) {
            return;
        }
        low.forEach((name, l) -> {
            Quantity h = high.get(name);
            if (l != null && h != null && l.compareTo(h) > 0) {
                p.add(at + "." + lowName + "[" + name + "]", lowName + " " + l + " is more than " + highName
                        + " " + h + ": it must be less than or equal");
            }
        });
    }
}
