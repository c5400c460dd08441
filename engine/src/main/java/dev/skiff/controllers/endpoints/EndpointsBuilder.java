package dev.skiff.controllers.endpoints;

import dev.skiff.api.Container;
import dev.skiff.api.ContainerPort;
import dev.skiff.api.EndpointAddress;
import dev.skiff.api.EndpointPort;
import dev.skiff.api.EndpointSubset;
import dev.skiff.api.HostPortMapping;
import dev.skiff.api.IntOrString;
import dev.skiff.api.ObjectReference;
import dev.skiff.api.Pod;
import dev.skiff.api.PodPhase;
import dev.skiff.api.Protocol;
import dev.skiff.api.Service;
import dev.skiff.api.ServicePort;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Computes a service's endpoint subsets from its pods (DESIGN.md §5): an address is the pod's node
 * address ({@code status.hostIP}); a port is the host port the agent recorded for the target
 * container port ({@code status.hostPorts}), found by number or by container port name, or the
 * container port itself when no mapping is recorded. Pure and deterministic (sorted), so an
 * unchanged set of backends yields an equal object and nothing is rewritten.
 */
public final class EndpointsBuilder {

    private static final Comparator<EndpointAddress> BY_ADDRESS = Comparator
            .comparing(EndpointAddress::ip, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(a -> a.targetRef() == null ? "" : a.targetRef().name());

    private EndpointsBuilder() {
    }

    /** {@code nodeReady} says whether a pod's node is trusted (false: its pods count as not ready). */
    public static List<EndpointSubset> subsets(Service service, List<Pod> pods, Predicate<String> nodeReady) {
        List<ServicePort> servicePorts = service.spec() == null ? List.of() : service.spec().portsOrEmpty();
        // pods with the same resolved ports share a subset, as Kubernetes repacks them
        Map<String, Group> groups = new TreeMap<>();
        for (Pod pod : pods) {
            if (!serves(pod)) continue;
            List<EndpointPort> ports = new ArrayList<>();
            for (ServicePort sp : servicePorts) hostPort(pod, sp).ifPresent(p -> ports.add(new EndpointPort(sp.name(), p,
                    protocolOf(sp.protocol()))));
            if (ports.isEmpty() && !servicePorts.isEmpty()) continue;
            Group g = groups.computeIfAbsent(ports.toString(), k -> new Group(ports));
            boolean ready = pod.status().ready() && nodeReady.test(pod.spec().nodeName());
            (ready ? g.ready : g.notReady).add(address(pod));
        }
        List<EndpointSubset> out = new ArrayList<>();
        for (Group g : groups.values()) {
            g.ready.sort(BY_ADDRESS);
            g.notReady.sort(BY_ADDRESS);
            out.add(new EndpointSubset(g.ready.isEmpty() ? null : g.ready, g.notReady.isEmpty() ? null : g.notReady,
                    g.ports.isEmpty() ? null : g.ports));
        }
        return out;
    }

    private record Group(List<EndpointPort> ports, List<EndpointAddress> ready, List<EndpointAddress> notReady) {
        Group(List<EndpointPort> ports) {
            this(ports, new ArrayList<>(), new ArrayList<>());
        }
    }

    /** A pod is a backend once placed and started, until it ends or is being deleted. */
    private static boolean serves(Pod pod) {
        if (pod.metadata().deletionTimestamp() != null || pod.status() == null) return false;
        String hostIP = pod.status().hostIP();
        if (hostIP == null || hostIP.isEmpty()) return false;
        PodPhase phase = pod.status().phase();
        return phase != PodPhase.FAILED && phase != PodPhase.SUCCEEDED;
    }

    private static EndpointAddress address(Pod pod) {
        ObjectReference ref = new ObjectReference("Pod", pod.namespace(), pod.name(), pod.metadata().uid(), null, null, null);
        return new EndpointAddress(pod.status().hostIP(), null, pod.spec() == null ? null : pod.spec().nodeName(), ref);
    }

    /** The host port serving {@code sp}'s targetPort on this pod; empty when the pod has no such port. */
    static Optional<Integer> hostPort(Pod pod, ServicePort sp) {
        IntOrString target = sp.targetPort() != null ? sp.targetPort()
                : sp.port() != null ? IntOrString.of(sp.port()) : null;
        if (target == null) return Optional.empty();
        Protocol protocol = protocolOf(sp.protocol());
        Optional<Integer> number = asNumber(target);
        if (number.isPresent()) return Optional.of(byNumber(pod, number.get(), protocol));
        return byName(pod, target.stringValue(), protocol);
    }

    private static int byNumber(Pod pod, int containerPort, Protocol protocol) {
        for (HostPortMapping m : mappings(pod)) {
            if (Objects.equals(m.containerPort(), containerPort) && protocolOf(m.protocol()) == protocol
                    && m.hostPort() != null) {
                return m.hostPort();
            }
        }
        return declared(pod, p -> Objects.equals(p.containerPort(), containerPort) && protocolOf(p.protocol()) == protocol)
                .map(p -> p.hostPort() != null ? p.hostPort() : containerPort).orElse(containerPort);
    }

    private static Optional<Integer> byName(Pod pod, String name, Protocol protocol) {
        Optional<ContainerPort> declared = declared(pod, p -> name.equals(p.name()) && protocolOf(p.protocol()) == protocol);
        for (HostPortMapping m : mappings(pod)) {
            boolean sameName = name.equals(m.name());
            boolean sameNumber = declared.isPresent() && Objects.equals(m.containerPort(), declared.get().containerPort());
            if ((sameName || sameNumber) && protocolOf(m.protocol()) == protocol && m.hostPort() != null) {
                return Optional.of(m.hostPort());
            }
        }
        return declared.map(p -> p.hostPort() != null ? p.hostPort() : p.containerPort());
    }

    private static Optional<ContainerPort> declared(Pod pod, Predicate<ContainerPort> match) {
        if (pod.spec() == null) return Optional.empty();
        for (Container c : pod.spec().containersOrEmpty()) {
            for (ContainerPort p : c.ports() == null ? List.<ContainerPort>of() : c.ports()) {
                if (match.test(p)) return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static List<HostPortMapping> mappings(Pod pod) {
        return pod.status() == null ? List.of() : pod.status().hostPortsOrEmpty();
    }

    /** A numeric targetPort may arrive as a string ("8080") from YAML; it still means a number. */
    private static Optional<Integer> asNumber(IntOrString v) {
        if (v.isInt()) return Optional.of(v.intValue());
        String s = v.stringValue();
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) return Optional.of(Integer.parseInt(s));
        return Optional.empty();
    }

    private static Protocol protocolOf(Protocol p) {
        return p == null ? Protocol.TCP : p;
    }
}
