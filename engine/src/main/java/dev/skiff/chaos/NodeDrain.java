package dev.skiff.chaos;

import dev.skiff.api.Node;
import dev.skiff.api.NodeSpec;
import dev.skiff.api.Pod;
import dev.skiff.client.ApiException;
import dev.skiff.client.Client;
import dev.skiff.client.DeleteOptions;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * node-drain: cordons the node and evicts its pods (gracefully; protected namespaces are left
 * alone), then uncordons it when the fault ends — but only if this fault cordoned it, which the
 * node's annotation {@value #CORDONED_BY} records, so an operator's own cordon survives.
 */
record NodeDrain(Client client, String faultRef, Set<String> protectedNamespaces) implements FaultAction {

    static final String CORDONED_BY = "chaos.skiff.dev/cordoned-by";

    @Override
    public String inject(ChaosTarget t) {
        Node node = client.require(Node.class, null, t.name());
        boolean cordoned = node.spec() != null && Boolean.TRUE.equals(node.spec().unschedulable());
        String mine = node.metadata().annotationsOrEmpty().get(CORDONED_BY);
        if (!cordoned) {
            client.modify(Node.class, null, t.name(), n -> cordon(n, true, faultRef));
        }
        int evicted = 0;
        for (Pod p : client.list(Pod.class, null).items()) {
            if (p.spec() == null || !t.name().equals(p.spec().nodeName()) || !Targets.live(p)
                    || protectedNamespaces.contains(p.namespace())) continue;
            try {
                client.delete(Pod.class, p.namespace(), p.name(), DeleteOptions.DEFAULT);
                evicted++;
            } catch (ApiException.NotFound gone) {
                // finished on its own
            }
        }
        String how = cordoned ? (faultRef.equals(mine) ? "cordoned" : "already cordoned by someone else") : "cordoned";
        return how + ", " + evicted + " pods evicted";
    }

    @Override
    public String revert(ChaosTarget t) {
        try {
            Node node = client.require(Node.class, null, t.name());
            if (!faultRef.equals(node.metadata().annotationsOrEmpty().get(CORDONED_BY))) {
                return "left as it was (this fault did not cordon it)";
            }
            client.modify(Node.class, null, t.name(), n -> cordon(n, false, null));
            return "uncordoned";
        } catch (ApiException.NotFound gone) {
            return "node is gone";
        }
    }

    private static Node cordon(Node n, boolean on, String by) {
        NodeSpec s = n.spec();
        NodeSpec next = s == null ? new NodeSpec(null, null, on ? true : null, null)
                : new NodeSpec(s.podCIDR(), s.podCIDRs(), on ? true : null, s.taints());
        Map<String, String> ann = new HashMap<>(n.metadata().annotationsOrEmpty());
        if (by == null) ann.remove(CORDONED_BY); else ann.put(CORDONED_BY, by);
        return n.withSpec(next).withMetadata(n.metadata().withAnnotations(ann.isEmpty() ? null : ann));
    }
}
