package dev.skiff.chaos;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.skiff.api.LabelSelector;
import dev.skiff.api.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;

/**
 * Which objects a fault may hit, in Chaos Mesh's shape: every given part must match (AND).
 * {@code pods} maps a namespace to pod names; {@code nodes} names nodes (for pods: the nodes they
 * run on); {@code nodeSelectors} are labels of those nodes. Without {@code namespaces} or
 * {@code pods}, pods are looked for in the fault's own namespace.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ChaosSelector(List<String> namespaces, Map<String, String> labelSelectors,
                            List<LabelSelectorRequirement> expressionSelectors, Map<String, List<String>> pods,
                            List<String> nodes, Map<String, String> nodeSelectors) {

    public ChaosSelector {
        namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
        labelSelectors = labelSelectors == null ? Map.of() : Map.copyOf(labelSelectors);
        expressionSelectors = expressionSelectors == null ? List.of() : List.copyOf(expressionSelectors);
        pods = pods == null ? Map.of() : Map.copyOf(pods);
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        nodeSelectors = nodeSelectors == null ? Map.of() : Map.copyOf(nodeSelectors);
    }

    public static ChaosSelector labels(String namespace, LabelSelector selector) {
        return new ChaosSelector(namespace == null ? null : List.of(namespace), selector.matchLabels(),
                selector.matchExpressions(), null, null, null);
    }

    public static ChaosSelector pod(String namespace, String name) {
        return new ChaosSelector(null, null, null, Map.of(namespace, List.of(name)), null, null);
    }

    public static ChaosSelector node(String name) {
        return new ChaosSelector(null, null, null, null, List.of(name), null);
    }

    /** The label part as one selector. */
    @JsonIgnore
    public LabelSelector labelSelector() {
        return new LabelSelector(labelSelectors, expressionSelectors);
    }

    @JsonIgnore
    public LabelSelector nodeLabelSelector() {
        return LabelSelector.of(nodeSelectors);
    }
}
