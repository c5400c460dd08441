package dev.skiff.agent.fault;

import dev.skiff.agent.proxy.chaos.ChaosFilter;
import dev.skiff.agent.proxy.chaos.InvalidNetworkRuleException;
import dev.skiff.agent.proxy.chaos.NetworkRule;
import dev.skiff.api.EndpointAddress;
import dev.skiff.api.EndpointPort;
import dev.skiff.api.EndpointSubset;
import dev.skiff.api.Endpoints;
import dev.skiff.chaos.ChaosPlanner;
import dev.skiff.chaos.ChaosSource;
import dev.skiff.chaos.ChaosTarget;
import dev.skiff.chaos.Fault;
import dev.skiff.chaos.NetworkChaos;
import dev.skiff.chaos.NetworkChaosSpec;
import dev.skiff.client.EventRecorder;
import dev.skiff.client.Informer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The active NetworkChaos faults as the proxy's rules: each selected pod's endpoint addresses
 * (every port of every Endpoints that lists the pod) and the target services. Every agent's proxy
 * gets every rule, since any node may proxy to any pod. Handed over only when they change. A rule
 * the filter cannot apply is left out (with a Warning event on its fault, once): the filter would
 * refuse the whole list, so one bad fault would lift every other.
 *
 * <p>A fault with a sending side ({@code spec.target.selector}) carries its source pods' uids, which
 * the proxy matches against the client's pod. A source pod this node runs in Docker cannot be told
 * apart that way (its sockets live in its own network namespace): the agent refuses the rule (a
 * Warning naming the pod) rather than hit every client or silently miss that pod.
 */
final class NetworkRules {
    private final ChaosFilter filter;
    private final Informer<Endpoints> endpoints;
    private final EventRecorder events;
    private List<NetworkRule> last = List.of();
    /** The verdict on each rule seen: null when valid, else why not (so each is checked and reported once). */
    private final Map<NetworkRule, String> checked = new HashMap<>();

    private final String nodeName;
    private final boolean identifiesPods;

    /**
     * @param identifiesPods whether this node's pods can be told as a connection's client (process
     *                       pods, on the host network) — false for the Docker runtime
     */
    NetworkRules(ChaosFilter filter, Informer<Endpoints> endpoints, EventRecorder events, String nodeName,
                 boolean identifiesPods) {
        this.filter = filter;
        this.endpoints = endpoints;
        this.events = events;
        this.nodeName = nodeName;
        this.identifiesPods = identifiesPods;
    }

    NetworkRules(ChaosFilter filter, Informer<Endpoints> endpoints, EventRecorder events) {
        this(filter, endpoints, events, null, true);
    }

    Informer<Endpoints> endpoints() {
        return endpoints;
    }

    void update(List<Fault> active) {
        if (filter == null) return;
        List<NetworkRule> rules = new ArrayList<>();
        Map<NetworkRule, String> seen = new HashMap<>();
        for (Fault f : active) {
            if (!(f instanceof NetworkChaos nc)) continue;
            NetworkRule r = rule(nc);
            String problem = checked.containsKey(r) ? checked.get(r) : check(nc, r);
            seen.put(r, problem);
            if (problem == null) rules.add(r);
        }
        checked.keySet().retainAll(seen.keySet());
        checked.putAll(seen);
        if (rules.equals(last)) return;
        last = List.copyOf(rules);
        filter.update(last);
    }

    private String check(NetworkChaos nc, NetworkRule r) {
        String unidentifiable = unidentifiable(nc);
        if (unidentifiable != null) {
            if (events != null) events.warning(nc, "SourceNotIdentifiable", unidentifiable);
            return unidentifiable;
        }
        try {
            ChaosFilter.check(r);
            return null;
        } catch (InvalidNetworkRuleException e) {
            if (events != null) {
                events.warning(nc, "InvalidRule", "this node's service proxy cannot apply it (the other network"
                        + " faults go on): " + e.getMessage());
            }
            return e.getMessage();
        }
    }

    /** Why this node cannot apply the fault's sending side, or null. */
    private String unidentifiable(NetworkChaos nc) {
        if (identifiesPods || !ChaosPlanner.sending(nc)) return null;
        for (ChaosSource src : nc.statusOrNew().sources()) {
            if (nodeName != null && nodeName.equals(src.node())) {
                return "source pod " + src.namespace() + "/" + src.name() + " runs in a Docker container on node " + nodeName
                        + ": its connections cannot be told apart from other clients' (the container has its own network"
                        + " namespace), so node " + nodeName + "'s proxy does not apply this fault. Select process pods in"
                        + " spec.target.selector, or drop it to partition every client";
            }
        }
        return null;
    }

    private NetworkRule rule(NetworkChaos nc) {
        Set<String> pods = new HashSet<>();
        for (ChaosTarget t : nc.statusOrNew().targets()) pods.add(t.namespace() + "/" + t.name());
        Set<InetSocketAddress> backends = new HashSet<>();
        if (endpoints != null) {
            for (Endpoints e : endpoints.list()) {
                for (EndpointSubset s : e.subsets() == null ? List.<EndpointSubset>of() : e.subsets()) {
                    addresses(s).filter(a -> a.targetRef() != null && pods.contains(e.namespace() + "/" + a.targetRef().name()))
                            .forEach(a -> ports(s).forEach(p -> backends.add(new InetSocketAddress(a.ip(), p.port()))));
                }
            }
        }
        Set<String> services = new HashSet<>();
        NetworkChaosSpec.Target target = nc.spec().target();
        if (target != null && target.services() != null) {
            for (String s : target.services()) services.add(s.contains("/") ? s : nc.namespace() + "/" + s);
        }
        Set<String> sources = null;
        if (ChaosPlanner.sending(nc)) {
            sources = new HashSet<>();
            for (ChaosSource src : nc.statusOrNew().sources()) sources.add(src.uid());
        }
        return new NetworkRule(nc.metadata().uid(), nc.spec(), backends, services, sources);
    }

    private static Stream<EndpointAddress> addresses(EndpointSubset s) {
        return Stream.concat(s.addresses() == null ? Stream.empty() : s.addresses().stream(),
                s.notReadyAddresses() == null ? Stream.empty() : s.notReadyAddresses().stream());
    }

    private static Stream<EndpointPort> ports(EndpointSubset s) {
        return s.ports() == null ? Stream.empty() : s.ports().stream().filter(p -> p.port() != null);
    }
}
