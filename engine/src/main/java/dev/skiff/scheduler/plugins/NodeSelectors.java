package dev.skiff.scheduler.plugins;

import dev.skiff.api.NodeSelectorRequirement;
import dev.skiff.api.NodeSelectorTerm;
import dev.skiff.scheduler.NodeInfo;
import java.util.List;
import java.util.Map;

/** Kubernetes' node selector terms: expressions in a term are ANDed; an empty term matches nothing. */
final class NodeSelectors {

    private NodeSelectors() {
    }

    static boolean matches(NodeSelectorTerm term, NodeInfo node) {
        List<NodeSelectorRequirement> exprs = term.matchExpressions() == null ? List.of() : term.matchExpressions();
        List<NodeSelectorRequirement> fields = term.matchFields() == null ? List.of() : term.matchFields();
        if (exprs.isEmpty() && fields.isEmpty()) return false;
        Map<String, String> labels = node.labels();
        for (NodeSelectorRequirement r : exprs) if (!matches(r, labels.get(r.key()))) return false;
        // the only field Kubernetes supports here
        for (NodeSelectorRequirement r : fields) {
            if (!"metadata.name".equals(r.key()) || !matches(r, node.name())) return false;
        }
        return true;
    }

    private static boolean matches(NodeSelectorRequirement r, String value) {
        List<String> values = r.values() == null ? List.of() : r.values();
        return switch (r.operator()) {
            case IN -> value != null && values.contains(value);
            case NOT_IN -> value == null || !values.contains(value);
            case EXISTS -> value != null;
            case DOES_NOT_EXIST -> value == null;
            case GT -> compare(value, values) > 0;
            case LT -> compare(value, values) < 0;
            case null -> false;
        };
    }

    /** Gt/Lt compare integers; anything unparsable (or a missing label) never matches. */
    private static int compare(String value, List<String> values) {
        if (value == null || values.size() != 1) return 0;
        try {
            return Long.compare(Long.parseLong(value), Long.parseLong(values.getFirst()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
