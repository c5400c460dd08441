package dev.skiff.chaos;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A NetworkChaos, applied by the agents' service proxies: traffic through services to the selected
 * pods (narrowed to the services {@code target.services} names, if any), in {@code direction}, is
 * delayed, dropped, reset, throttled or black-holed. Percentages are strings as in Chaos Mesh
 * ({@code "25"}). With {@code target.selector} (Chaos Mesh's sending side) only connections from
 * the chosen source pods are hit; the proxy tells a connection's pod from its client socket.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NetworkChaosSpec(NetworkChaosAction action, ChaosSelector selector, ChaosMode mode, String value,
                               String duration, Direction direction, Target target, Delay delay, Loss loss,
                               Reset reset, Bandwidth bandwidth, Boolean force) implements FaultSpec {

    @Override
    public String actionName() {
        return action == null ? "" : action.wire();
    }

    /**
     * The other side: services by name ({@code NAME} or {@code NAMESPACE/NAME}), and the sending pods
     * ({@code selector} with {@code mode}/{@code value}, resolved as {@code spec.selector} is): with
     * them, {@code direction: to} is traffic from the sources to the selected pods, {@code from} the
     * replies, {@code both} both.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Target(ChaosSelector selector, ChaosMode mode, String value, List<String> services) {
    }

    /** {@code latency} and {@code jitter} are Go durations; {@code correlation} a percentage. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Delay(String latency, String jitter, String correlation) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Loss(String loss, String correlation) {
    }

    /** The share of connections reset. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Reset(String reset) {
    }

    /** {@code rate} as in Chaos Mesh ({@code 1mbps}, {@code 100kbps}); limit and buffer in bytes. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Bandwidth(String rate, Long limit, Long buffer) {
    }
}
