package dev.skiff.chaos;

/**
 * Who carries a fault out. The engine executes pod-kill and node-drain itself; every other action
 * is an agent's job ({@code agent.fault}, not built yet), so the controller selects its targets
 * and reports phase Waiting with the executor it needs rather than pretending to inject.
 */
sealed interface Execution permits Execution.Engine, Execution.Agent {

    /** Done by the engine, target by target. {@code oneShot}: nothing stays applied after injection. */
    record Engine(FaultAction action, boolean oneShot) implements Execution {
    }

    record Agent(String executor) implements Execution {
    }

    static Execution of(Fault fault, FaultAction.Factory engine) {
        return switch (fault) {
            case PodChaos pc when pc.spec().action() == PodChaosAction.POD_KILL -> new Engine(engine.podKill(pc), true);
            case NodeChaos nc when nc.spec().action() == NodeChaosAction.NODE_DRAIN -> new Engine(engine.nodeDrain(nc), false);
            case PodChaos pc -> new Agent("the node agent's " + pc.spec().action() + " executor");
            case NodeChaos nc -> new Agent("the node agent's node-down executor");
            case NetworkChaos nc -> new Agent("the service proxy's " + nc.spec().action() + " fault");
            case StressChaos sc -> new Agent("the node agent's stress executor");
        };
    }
}
