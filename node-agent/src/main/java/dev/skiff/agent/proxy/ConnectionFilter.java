package dev.skiff.agent.proxy;

/**
 * Decides the {@link Fault} of each new connection; the chaos executor installs one per node.
 * Asked on an event loop that accepts many connections: it must not block.
 */
@FunctionalInterface
public interface ConnectionFilter {

    ConnectionFilter NONE = flow -> Fault.NONE;

    Fault faultFor(Flow flow);
}
