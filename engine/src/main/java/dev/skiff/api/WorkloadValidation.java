package dev.skiff.api;

/** ReplicaSet and Deployment rules: selector vs template, replica counts, rollout bounds. */
final class WorkloadValidation {

    private WorkloadValidation() {
    }

    static void replicaSet(ReplicaSetSpec s, Problems p) {
        if (s == null) {
            p.add("spec", "required: replicas, selector and template");
            return;
        }
        p.atLeast("spec.replicas", s.replicas(), 0);
        p.atLeast("spec.minReadySeconds", s.minReadySeconds(), 0);
        selectorAndTemplate(s.selector(), s.template(), p);
    }

    static void deployment(DeploymentSpec s, Problems p) {
        if (s == null) {
            p.add("spec", "required: replicas, selector and template");
            return;
        }
        p.atLeast("spec.replicas", s.replicas(), 0);
        p.atLeast("spec.minReadySeconds", s.minReadySeconds(), 0);
        p.atLeast("spec.revisionHistoryLimit", s.revisionHistoryLimit(), 0);
        p.atLeast("spec.progressDeadlineSeconds", s.progressDeadlineSeconds(), 1);
        if (s.progressDeadlineSeconds() != null && s.minReadySeconds() != null
                && s.progressDeadlineSeconds() <= s.minReadySeconds()) {
            p.add("spec.progressDeadlineSeconds", "must be greater than minReadySeconds ("
                    + s.minReadySeconds() + ")");
        }
        selectorAndTemplate(s.selector(), s.template(), p);
        strategy(s.strategy(), p);
    }

    private static void selectorAndTemplate(LabelSelector selector, PodTemplateSpec template, Problems p) {
        boolean hasSelector = p.required("spec.selector", selector,
                "a label selector, e.g. selector: {matchLabels: {app: web}}");
        if (hasSelector) {
            if (selector.isEmpty()) {
                p.add("spec.selector", "empty selector would select every pod: set matchLabels or matchExpressions");
            }
            p.addAll(selector.validate("spec.selector"));
        }
        if (!p.required("spec.template", template, "the pod template (metadata.labels and spec)")) {
            return;
        }
        ObjectMeta tm = template.metadata() == null ? ObjectMeta.EMPTY : template.metadata();
        Validation.labels("spec.template.metadata.labels", tm.labels(), p);
        if (hasSelector && !selector.isEmpty() && !selector.matches(tm.labelsOrEmpty())) {
            p.add("spec.selector", "selector " + selector + " does not match template labels "
                    + tm.labelsOrEmpty() + ": make spec.template.metadata.labels include the selector's labels");
        }
        PodValidation.spec(template.spec(), "spec.template.spec", p);
        RestartPolicy rp = template.spec() == null ? null : template.spec().restartPolicy();
        if (rp != null && rp != RestartPolicy.ALWAYS) {
            p.add("spec.template.spec.restartPolicy", "\"" + rp + "\" is not allowed here: replicated pods"
                    + " must use Always (use a bare Pod for run-to-completion work)");
        }
    }

    private static void strategy(DeploymentStrategy s, Problems p) {
        if (s == null) {
            return;
        }
        RollingUpdateDeployment ru = s.rollingUpdate();
        if (s.type() == DeploymentStrategyType.RECREATE && ru != null) {
            p.add("spec.strategy.rollingUpdate", "may not be set when type is Recreate: remove it or use RollingUpdate");
            return;
        }
        if (ru == null) {
            return;
        }
        String at = "spec.strategy.rollingUpdate";
        boolean surgeOk = bound(ru.maxSurge(), at + ".maxSurge", false, p);
        boolean unavailableOk = bound(ru.maxUnavailable(), at + ".maxUnavailable", true, p);
        if (surgeOk && unavailableOk && zero(ru.maxSurge()) && zero(ru.maxUnavailable())) {
            p.add(at + ".maxUnavailable", "may not be 0 when maxSurge is 0: the rollout could never"
                    + " progress; set one of them above 0");
        }
    }

    /** A non-negative number or percentage; maxUnavailable may not exceed 100%. */
    private static boolean bound(IntOrString v, String at, boolean atMostAll, Problems p) {
        if (v == null) {
            return true;
        }
        if (v.isInt()) {
            p.atLeast(at, v.intValue(), 0);
            return v.intValue() >= 0;
        }
        String s = v.stringValue();
        if (!s.matches("\\d+%")) {
            p.add(at, "\"" + s + "\" is invalid: use a number (e.g. 1) or a percentage (e.g. 25%)");
            return false;
        }
        if (atMostAll && Integer.parseInt(s.substring(0, s.length() - 1)) > 100) {
            p.add(at, "\"" + s + "\" is invalid: must not exceed 100%");
            return false;
        }
        return true;
    }

    private static boolean zero(IntOrString v) {
        // absent means the 25% default, which is not zero
        return v != null && (v.isInt() ? v.intValue() == 0 : v.stringValue().matches("0+%"));
    }
}
