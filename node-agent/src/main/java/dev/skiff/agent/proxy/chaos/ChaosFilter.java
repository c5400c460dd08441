package dev.skiff.agent.proxy.chaos;

import dev.skiff.agent.proxy.ConnectionFilter;
import dev.skiff.agent.proxy.Fault;
import dev.skiff.agent.proxy.Flow;
import java.util.List;

/**
 * The proxy's NetworkChaos filter. This is the placeholder the fault executor compiles against:
 * it holds the rules but applies none (the {@code netfaults} branch brings the real one, with the
 * same {@link #update} signature).
 */
public final class ChaosFilter implements ConnectionFilter {

    private volatile List<NetworkRule> rules = List.of();

    public void update(List<NetworkRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public List<NetworkRule> rules() {
        return rules;
    }

    @Override
    public Fault faultFor(Flow flow) {
        return Fault.NONE;
    }
}
