package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Addresses sharing the same ports. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record EndpointSubset(List<EndpointAddress> addresses, List<EndpointAddress> notReadyAddresses, List<EndpointPort> ports) {
}
