package dev.skiff.controllers.node;

import dev.skiff.api.Condition;
import dev.skiff.api.Node;
import dev.skiff.api.NodeSpec;
import dev.skiff.api.NodeStatus;
import dev.skiff.api.Taint;
import dev.skiff.api.TaintEffect;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The Ready condition and unreachable taint the node lifecycle controller owns, as pure edits. */
final class NodeConditions {

    static final String READY = "Ready";
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    static final String UNKNOWN_REASON = "NodeStatusUnknown";
    static final String UNKNOWN_MESSAGE = "Skiff agent stopped posting node status.";
    static final String READY_REASON = "AgentReady";
    static final String READY_MESSAGE = "Skiff agent is posting ready status (heartbeat lease alive).";

    private NodeConditions() {
    }

    static Optional<Condition> ready(Node node) {
        return conditions(node).stream().filter(c -> READY.equals(c.type())).findFirst();
    }

    /** True when the node's Ready condition is True: what the scheduler and endpoints trust. */
    static boolean isReady(Node node) {
        return node.ready();
    }

    static Optional<Taint> unreachableTaint(Node node) {
        return taints(node).stream()
                .filter(t -> UNREACHABLE.equals(t.key()) && t.effect() == TaintEffect.NO_EXECUTE).findFirst();
    }

    /** The node with Ready set to {@code status}; unchanged (same instance) when it already is. */
    static Node withReady(Node node, String status, String reason, String message, Instant now) {
        Optional<Condition> current = ready(node);
        if (current.isPresent() && status.equals(current.get().status())) return node;
        List<Condition> next = new ArrayList<>(conditions(node));
        next.removeIf(c -> READY.equals(c.type()));
        next.add(new Condition(READY, status, reason, message, null, null, null, now));
        NodeStatus s = node.status();
        return node.withStatus(s == null ? new NodeStatus(null, null, null, next, null, null, null)
                : new NodeStatus(s.capacity(), s.allocatable(), s.phase(), next, s.addresses(), s.daemonEndpoints(),
                s.nodeInfo()));
    }

    static Node withUnreachableTaint(Node node, Instant now) {
        if (unreachableTaint(node).isPresent()) return node;
        List<Taint> next = new ArrayList<>(taints(node));
        next.add(new Taint(UNREACHABLE, null, TaintEffect.NO_EXECUTE, now));
        return node.withSpec(withTaints(node.spec(), next));
    }

    static Node withoutUnreachableTaint(Node node) {
        if (unreachableTaint(node).isEmpty()) return node;
        List<Taint> next = new ArrayList<>(taints(node));
        next.removeIf(t -> UNREACHABLE.equals(t.key()));
        return node.withSpec(withTaints(node.spec(), next.isEmpty() ? null : next));
    }

    private static NodeSpec withTaints(NodeSpec s, List<Taint> taints) {
        return s == null ? new NodeSpec(null, null, null, taints)
                : new NodeSpec(s.podCIDR(), s.podCIDRs(), s.unschedulable(), taints);
    }

    private static List<Condition> conditions(Node node) {
        return node.status() == null || node.status().conditions() == null ? List.of() : node.status().conditions();
    }

    private static List<Taint> taints(Node node) {
        return node.spec() == null || node.spec().taints() == null ? List.of() : node.spec().taints();
    }
}
