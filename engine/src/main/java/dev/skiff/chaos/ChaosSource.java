package dev.skiff.chaos;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A pod on the sending side of a NetworkChaos ({@code spec.target.selector}), chosen once with the
 * targets and recorded in status so every agent's proxy applies the rule to the same pods. The
 * proxies recognise a connection's client by {@code uid} (see the process runtime's pod marker).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ChaosSource(String namespace, String name, String node, String uid) {

    /** {@code pod/ns/name}, as targets are written. */
    public String ref() {
        return "pod/" + namespace + "/" + name;
    }
}
