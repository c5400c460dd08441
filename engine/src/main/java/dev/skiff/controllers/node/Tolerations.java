package dev.skiff.controllers.node;

import dev.skiff.api.Pod;
import dev.skiff.api.Taint;
import dev.skiff.api.TaintEffect;
import dev.skiff.api.Toleration;
import dev.skiff.api.TolerationOperator;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** How long a pod stays on a node with a NoExecute taint, by Kubernetes' matching rules. */
final class Tolerations {

    private Tolerations() {
    }

    /**
     * The pod's time on a node tainted with {@code taint}: {@code fallback} when no toleration
     * matches, empty when one matches without {@code tolerationSeconds} (it stays for good), else
     * the shortest matching {@code tolerationSeconds} (negative counts as zero, as in Kubernetes).
     */
    static Optional<Duration> of(Pod pod, Taint taint, Duration fallback) {
        Duration shortest = null;
        boolean matched = false;
        for (Toleration t : pod.spec() == null ? java.util.List.<Toleration>of() : pod.spec().tolerationsOrEmpty()) {
            if (!matches(t, taint)) continue;
            matched = true;
            if (t.tolerationSeconds() == null) return Optional.empty();
            Duration d = Duration.ofSeconds(Math.max(0, t.tolerationSeconds()));
            if (shortest == null || d.compareTo(shortest) < 0) shortest = d;
        }
        return Optional.of(matched ? shortest : fallback);
    }

    static boolean matches(Toleration t, Taint taint) {
        if (t.effect() != null && t.effect() != taint.effect()) return false;
        boolean anyKey = t.key() == null || t.key().isEmpty();
        if (anyKey) return t.operator() == TolerationOperator.EXISTS;
        if (!t.key().equals(taint.key())) return false;
        if (t.operator() == TolerationOperator.EXISTS) return true;
        return Objects.equals(emptyToNull(t.value()), emptyToNull(taint.value()));
    }

    static boolean isNoExecute(Taint t) {
        return t.effect() == TaintEffect.NO_EXECUTE;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
