package dev.skiff.output;

import dev.skiff.api.Condition;
import dev.skiff.api.Node;
import dev.skiff.api.NodeAddress;
import dev.skiff.api.NodeSystemInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Nodes as kubectl's printNode shows them: Ready/NotReady/Unknown, SchedulingDisabled, roles. */
final class NodePrinter implements KindPrinter<Node> {
    private static final String ROLE_PREFIX = "node-role.kubernetes.io/";
    private static final String ROLE_LABEL = "kubernetes.io/role";

    private static final List<Column> COLUMNS = List.of(Column.of("NAME"), Column.status("STATUS"),
            Column.of("ROLES"), Column.of("AGE"), Column.of("VERSION"), Column.wide("INTERNAL-IP"),
            Column.wide("EXTERNAL-IP"), Column.wide("OS-IMAGE"), Column.wide("KERNEL-VERSION"),
            Column.wide("CONTAINER-RUNTIME"));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<String> cells(Node node, Instant now, boolean wide) {
        NodeSystemInfo info = node.status() == null ? null : node.status().nodeInfo();
        return List.of(node.name(), status(node), roles(node.metadata().labelsOrEmpty()),
                Age.since(node.metadata().creationTimestamp(), now),
                info == null || info.kubeletVersion() == null ? "" : info.kubeletVersion(),
                address(node, "InternalIP"), address(node, "ExternalIP"),
                unknownIfEmpty(info == null ? null : info.osImage()),
                unknownIfEmpty(info == null ? null : info.kernelVersion()),
                unknownIfEmpty(info == null ? null : info.containerRuntimeVersion()));
    }

    static String status(Node node) {
        List<String> status = new ArrayList<>();
        List<Condition> conditions = node.status() == null || node.status().conditions() == null
                ? List.of() : node.status().conditions();
        conditions.stream().filter(c -> "Ready".equals(c.type())).reduce((a, b) -> b)
                .ifPresent(c -> status.add(c.statusTrue() ? "Ready" : "NotReady"));
        if (status.isEmpty()) status.add("Unknown");
        if (node.spec() != null && Boolean.TRUE.equals(node.spec().unschedulable())) status.add("SchedulingDisabled");
        return String.join(",", status);
    }

    private static String roles(Map<String, String> labels) {
        TreeSet<String> roles = new TreeSet<>();
        labels.forEach((k, v) -> {
            if (k.startsWith(ROLE_PREFIX) && k.length() > ROLE_PREFIX.length()) roles.add(k.substring(ROLE_PREFIX.length()));
            else if (k.equals(ROLE_LABEL) && !v.isEmpty()) roles.add(v);
        });
        return roles.isEmpty() ? Cells.NONE : String.join(",", roles);
    }

    private static String address(Node node, String type) {
        List<NodeAddress> addresses = node.status() == null || node.status().addresses() == null
                ? List.of() : node.status().addresses();
        return addresses.stream().filter(a -> type.equals(a.type())).map(NodeAddress::address)
                .findFirst().orElse(Cells.NONE);
    }

    private static String unknownIfEmpty(String s) {
        return s == null || s.isEmpty() ? "<unknown>" : s;
    }
}
