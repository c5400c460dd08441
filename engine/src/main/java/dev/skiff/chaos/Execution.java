package dev.skiff.chaos;

/**
 * Who carries a fault out. The engine executes pod-kill and node-drain itself; every other action
 * is done by the node agents ({@code dev.skiff.agent.fault}): the engine selects the targets, starts
 * the clock and, at the end, waits for each agent to confirm its targets recovered.
 */
public sealed interface Execution permits Execution.Engine, Execution.Agent {

    /** The actions the engine carries out itself (pod-kill, node-drain): the node agents leave them alone. */
    static boolean byEngine(Fault fault) {
        return fault instanceof PodChaos pc && pc.spec().action() == PodChaosAction.POD_KILL
                || fault instanceof NodeChaos nc && nc.spec().action() == NodeChaosAction.NODE_DRAIN;
    }

    /** Done by the engine, target by target. {@code oneShot}: nothing stays applied after injection. */
    record Engine(FaultAction action, boolean oneShot) implements Execution {
    }

    /**
     * Done by the agent of each target's node. {@code oneShot} (container-kill): nothing stays
     * applied, so without a duration the fault completes once every target is injected.
     * {@code agentDownWhileActive}: the target's agent is expected to look dead while the fault
     * holds (node-down), so a NotReady node does not excuse its agent from confirming the revert.
     */
    record Agent(String executor, boolean oneShot, boolean agentDownWhileActive) implements Execution {
    }

    static Execution of(Fault fault, FaultAction.Factory engine) {
        return switch (fault) {
            case PodChaos pc when byEngine(pc) -> new Engine(engine.podKill(pc), true);
            case NodeChaos nc when byEngine(nc) -> new Engine(engine.nodeDrain(nc), false);
            case PodChaos pc -> new Agent("the node agent's " + pc.spec().action() + " executor",
                    pc.spec().action() == PodChaosAction.CONTAINER_KILL, false);
            case NodeChaos nc -> new Agent("the node agent's node-down executor", false, true);
            case NetworkChaos nc -> new Agent("the service proxy's " + nc.spec().action() + " fault", false, false);
            case StressChaos sc -> new Agent("the node agent's stress executor", false, false);
        };
    }
}
