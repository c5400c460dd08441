package dev.skiff.scheduler.plugins;

import dev.skiff.api.Taint;
import dev.skiff.api.Toleration;
import dev.skiff.api.TolerationOperator;
import java.util.List;

/** Kubernetes' matching of tolerations against taints. */
final class Tolerations {

    private Tolerations() {
    }

    static boolean tolerated(List<Toleration> tolerations, Taint taint) {
        return tolerations.stream().anyMatch(t -> tolerates(t, taint));
    }

    /**
     * An empty effect matches every effect; an empty key with Exists matches every key; Exists
     * ignores the value, Equal (the default) compares it.
     */
    static boolean tolerates(Toleration t, Taint taint) {
        if (t.effect() != null && t.effect() != taint.effect()) return false;
        boolean anyKey = t.key() == null || t.key().isEmpty();
        if (!anyKey && !t.key().equals(taint.key())) return false;
        if (anyKey && t.operator() != TolerationOperator.EXISTS) return false;
        if (t.operator() == TolerationOperator.EXISTS) return true;
        return nullToEmpty(t.value()).equals(nullToEmpty(taint.value()));
    }

    /** kube-scheduler's wording, value empty when absent: {@code {node.kubernetes.io/unreachable: }}. */
    static String untolerated(Taint taint) {
        return "node(s) had untolerated taint {" + taint.key() + ": " + nullToEmpty(taint.value()) + "}";
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
