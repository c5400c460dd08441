package dev.skiff.scheduler;

import java.util.List;

/** A test filter plugin: nodes labelled {@code example.skiff.dev/quarantine=true} take no pods. */
public final class QuarantineFilter implements FilterPlugin {

    static final String LABEL = "example.skiff.dev/quarantine";
    static final String REASON = "node(s) were quarantined";

    @Override
    public String name() {
        return "Quarantine";
    }

    @Override
    public List<String> filter(PodInfo pod, NodeInfo node, Policy policy) {
        return "true".equals(node.labels().get(LABEL)) ? List.of(REASON) : List.of();
    }
}
