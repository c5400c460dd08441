package dev.skiff.agent.proxy.chaos;

/** A {@link NetworkRule} the proxy cannot apply (its spec got past validation somehow); nothing was changed. */
public final class InvalidNetworkRuleException extends IllegalArgumentException {

    InvalidNetworkRuleException(String faultUid, String field, String problem) {
        super("NetworkChaos " + faultUid + ": " + field + ": " + problem);
    }
}
