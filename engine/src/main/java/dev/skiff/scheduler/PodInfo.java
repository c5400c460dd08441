package dev.skiff.scheduler;

import dev.skiff.api.Container;
import dev.skiff.api.ContainerPort;
import dev.skiff.api.NodeAffinity;
import dev.skiff.api.Pod;
import dev.skiff.api.PodSpec;
import dev.skiff.api.Quantity;
import dev.skiff.api.Toleration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What scheduling needs to know about a pod, computed once: its effective requests (Kubernetes'
 * rule: the larger of the containers' sum and any single init container), the requests used for
 * scoring (a container without cpu/memory requests counts as 100m / 200Mi, as kube-scheduler's
 * non-zero defaults, so empty pods still spread), its host ports and its node constraints. The
 * pod itself is kept for plugins that look at anything else (labels, annotations).
 */
public record PodInfo(Pod pod, String namespace, String name, Requests requests, Requests scoringRequests,
                      List<HostPort> hostPorts, List<Toleration> tolerations, Map<String, String> nodeSelector,
                      NodeAffinity nodeAffinity) {

    static final long DEFAULT_MILLI_CPU = 100;
    static final long DEFAULT_MEMORY_MILLI = 200L * 1024 * 1024 * 1000;

    public PodInfo {
        hostPorts = List.copyOf(hostPorts);
        tolerations = List.copyOf(tolerations);
        nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
    }

    public static PodInfo of(Pod pod) {
        PodSpec spec = pod.spec() == null ? PodSpec.of() : pod.spec();
        Requests sum = Requests.NONE;
        Requests scoring = Requests.NONE;
        List<HostPort> ports = new ArrayList<>();
        for (Container c : spec.containersOrEmpty()) {
            Requests r = requestsOf(c);
            sum = sum.plus(r);
            scoring = scoring.plus(nonZero(r));
            for (ContainerPort p : c.portsOrEmpty()) {
                if (p.hostPort() != null && p.hostPort() > 0) ports.add(HostPort.of(p));
            }
        }
        for (Container c : spec.initContainersOrEmpty()) {
            Requests r = requestsOf(c);
            sum = sum.max(r);
            scoring = scoring.max(nonZero(r));
        }
        NodeAffinity affinity = spec.affinity() == null ? null : spec.affinity().nodeAffinity();
        return new PodInfo(pod, pod.namespace(), pod.name(), sum, scoring, ports, spec.tolerationsOrEmpty(),
                spec.nodeSelector(), affinity);
    }

    /** A key unique among pods: {@code namespace/name}. */
    public String key() {
        return namespace + "/" + name;
    }

    private static Requests requestsOf(Container c) {
        Map<String, Quantity> requests = c.resources() == null ? null : c.resources().requests();
        return Requests.of(requests);
    }

    private static Requests nonZero(Requests r) {
        Requests out = r;
        if (!r.has("cpu")) out = out.plus(new Requests(Map.of("cpu", DEFAULT_MILLI_CPU)));
        if (!r.has("memory")) out = out.plus(new Requests(Map.of("memory", DEFAULT_MEMORY_MILLI)));
        return out;
    }
}
