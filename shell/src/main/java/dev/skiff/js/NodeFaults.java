package dev.skiff.js;

import dev.skiff.api.ObjectMeta;
import dev.skiff.chaos.ChaosKinds;
import dev.skiff.chaos.ChaosMode;
import dev.skiff.chaos.ChaosSelector;
import dev.skiff.chaos.HeldFaults;
import dev.skiff.chaos.NodeChaos;
import dev.skiff.chaos.NodeChaosAction;
import dev.skiff.chaos.NodeChaosSpec;
import dev.skiff.client.Client;
import java.util.List;

/**
 * The node-down faults a script starts ({@code nodes(sel).kill()}), each on a chaos lease this session keeps
 * until the fault ends ({@link HeldFaults}): a script that stops (or a shell that dies) never leaves a node down.
 */
final class NodeFaults implements AutoCloseable {
    private final HeldFaults held = new HeldFaults("skiff js session, pid " + ProcessHandle.current().pid());

    /** Creates the fault; {@code duration} null = until halted or the session ends. */
    NodeChaos nodeDown(Client client, String namespace, List<String> nodes, String duration) {
        ChaosKinds.register(); // a session outside the CLI (tests, benchmarks) has not yet
        ObjectMeta meta = new ObjectMeta(null, "node-down-", namespace, null, null, null, null, null, null, null,
                null, null, null);
        ChaosSelector selector = new ChaosSelector(null, null, null, null, nodes, null);
        return held.create(client, NodeChaos.of(meta,
                new NodeChaosSpec(NodeChaosAction.NODE_DOWN, selector, ChaosMode.ALL, null, duration, null)));
    }

    @Override
    public void close() {
        held.close();
    }
}
