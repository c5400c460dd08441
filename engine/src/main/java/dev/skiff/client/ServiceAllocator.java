package dev.skiff.client;

import dev.skiff.api.FieldError;
import dev.skiff.api.Service;
import dev.skiff.api.ServicePort;
import dev.skiff.api.ServiceSpec;
import dev.skiff.api.ServiceType;
import dev.skiff.store.Compare;
import dev.skiff.store.KeyValue;
import dev.skiff.store.ListOptions;
import dev.skiff.store.Op;
import dev.skiff.store.Page;
import dev.skiff.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Cluster IPs and node ports, allocated where Kubernetes allocates them: in the write that creates
 * (or changes) the Service. Each address or port is one key ({@link ServiceRanges#IPS}ip,
 * {@link ServiceRanges#NODE_PORTS}port) whose value names the owning service; the Service and its
 * keys are written in one transaction that requires the keys to be absent, so two creators can
 * never hold the same address, and a created Service always has its address.
 */
final class ServiceAllocator {

    /** One allocation key this write takes; {@code explicit} = the user asked for that value. */
    record Claim(String key, String field, String value, boolean explicit, String what) {
        Compare absent() {
            return Compare.absent(key);
        }
    }

    /** The service with its values filled in, and the keys to take and give back. */
    record Plan(Service service, List<Claim> claims, List<String> releases) {
        List<Op> ops(String owner) {
            List<Op> ops = new ArrayList<>();
            for (Claim c : claims) ops.add(Op.put(c.key(), owner.getBytes(StandardCharsets.UTF_8), 0));
            for (String k : releases) ops.add(Op.delete(k));
            return ops;
        }
    }

    private final Store store;
    private final SecureRandom random = new SecureRandom();

    ServiceAllocator(Store store) {
        this.store = store;
    }

    static String owner(Service s) {
        return s.namespace() + "/" + s.name() + "/" + s.metadata().uid();
    }

    static String ipKey(String ip) {
        return ServiceRanges.IPS + ip;
    }

    static String portKey(int port) {
        return ServiceRanges.NODE_PORTS + port;
    }

    /** Allocations for a new service: its cluster IP (unless headless) and node ports. */
    Plan forCreate(ObjectRef ref, Service s) {
        ServiceRanges ranges = ServiceRanges.read(store);
        List<Claim> claims = new ArrayList<>();
        ServiceSpec spec = s.spec();
        if (!spec.headless()) spec = spec.withClusterIP(clusterIP(ref, spec.clusterIP(), ranges, claims));
        spec = spec.withPorts(nodePorts(ref, spec, Map.of(), ranges, claims));
        return new Plan(s.withSpec(spec), claims, List.of());
    }

    /**
     * Allocations for a changed service: the cluster IP is immutable (an update that leaves it
     * empty keeps it, as kubectl apply expects); node ports left empty keep the ones the same
     * port/protocol had; ports no longer needed are given back.
     */
    Plan forUpdate(ObjectRef ref, Service stored, Service incoming) {
        ServiceSpec old = stored.spec();
        ServiceSpec spec = incoming.spec();
        String oldIP = old.clusterIP();
        String newIP = spec.clusterIP();
        if (newIP == null || newIP.isEmpty()) {
            spec = oldIP == null ? spec : spec.withClusterIP(oldIP);
        } else if (!newIP.equals(oldIP)) {
            throw invalid(ref, "spec.clusterIP", "Invalid value: \"" + newIP + "\": field is immutable");
        }
        Map<String, Integer> kept = new LinkedHashMap<>();
        if (nodePortType(spec.type())) {
            for (ServicePort p : old.portsOrEmpty()) if (p.nodePort() != null) kept.put(portId(p), p.nodePort());
        }
        ServiceRanges ranges = ServiceRanges.read(store);
        List<Claim> claims = new ArrayList<>();
        Set<Integer> oldPorts = nodePortsOf(old);
        spec = spec.withPorts(nodePorts(ref, spec, kept, ranges, claims));
        claims.removeIf(c -> c.key().startsWith(ServiceRanges.NODE_PORTS)
                && oldPorts.contains(Integer.parseInt(c.key().substring(ServiceRanges.NODE_PORTS.length()))));
        Set<Integer> newPorts = nodePortsOf(spec);
        List<String> releases = new ArrayList<>();
        for (int p : oldPorts) if (!newPorts.contains(p)) releases.add(portKey(p));
        return new Plan(incoming.withSpec(spec), claims, releases);
    }

    /** The keys a service holds: given back when it is deleted. */
    static List<Op> releaseOps(Service s) {
        List<Op> ops = new ArrayList<>();
        if (s.spec() == null) return ops;
        String ip = s.spec().clusterIP();
        if (ip != null && !ip.isEmpty() && !s.spec().headless()) ops.add(Op.delete(ipKey(ip)));
        for (int p : nodePortsOf(s.spec())) ops.add(Op.delete(portKey(p)));
        return ops;
    }

    private String clusterIP(ObjectRef ref, String wanted, ServiceRanges ranges, List<Claim> claims) {
        ServiceRanges.Cidr cidr = ranges.cidr();
        if (wanted != null && !wanted.isEmpty()) {
            if (!cidr.containsUsable(wanted)) {
                throw invalid(ref, "spec.clusterIP", "Invalid value: \"" + wanted + "\": provided IP is not in the valid range. "
                        + "The range of valid IPs is " + cidr + "; leave clusterIP empty to have one allocated");
            }
            claims.add(new Claim(ipKey(wanted), "spec.clusterIP", wanted, true, "IP"));
            return wanted;
        }
        Set<String> used = usedSuffixes(ServiceRanges.IPS);
        int usable = cidr.size() - 2;
        for (int attempt = 0; attempt < 64; attempt++) {
            String ip = cidr.at(1 + random.nextInt(usable));
            if (!used.contains(ip)) return claimed(claims, ip);
        }
        for (int offset = 1; offset <= usable; offset++) {
            if (!used.contains(cidr.at(offset))) return claimed(claims, cidr.at(offset));
        }
        throw new ApiException.Forbidden(ref, "no cluster IP is free in " + cidr
                + ": delete unused services or configure a larger service CIDR");
    }

    private static String claimed(List<Claim> claims, String ip) {
        claims.add(new Claim(ipKey(ip), "spec.clusterIP", ip, false, "IP"));
        return ip;
    }

    private List<ServicePort> nodePorts(ObjectRef ref, ServiceSpec spec, Map<String, Integer> kept,
                                        ServiceRanges ranges, List<Claim> claims) {
        List<ServicePort> ports = spec.ports();
        if (ports == null) return null;
        boolean wants = nodePortType(spec.type());
        Set<Integer> used = null;
        Set<Integer> taken = new HashSet<>();
        List<ServicePort> out = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            ServicePort p = ports.get(i);
            if (!wants) {
                out.add(withNodePort(p, null));
                continue;
            }
            Integer np = p.nodePort() != null && p.nodePort() != 0 ? p.nodePort() : kept.get(portId(p));
            String field = "spec.ports[" + i + "].nodePort";
            if (np != null) {
                if (np < ranges.nodePortMin() || np > ranges.nodePortMax()) {
                    throw invalid(ref, field, "Invalid value: " + np + ": provided port is not in the valid range. "
                            + "The range of valid ports is " + ranges.nodePortRange());
                }
                if (taken.add(np)) claims.add(new Claim(portKey(np), field, Integer.toString(np), true, "port"));
            } else {
                if (used == null) used = usedPorts();
                np = freePort(ref, ranges, used, taken);
                claims.add(new Claim(portKey(np), field, Integer.toString(np), false, "port"));
            }
            out.add(withNodePort(p, np));
        }
        return out;
    }

    private int freePort(ObjectRef ref, ServiceRanges ranges, Set<Integer> used, Set<Integer> taken) {
        int span = ranges.nodePortMax() - ranges.nodePortMin() + 1;
        for (int attempt = 0; attempt < 64; attempt++) {
            int p = ranges.nodePortMin() + random.nextInt(span);
            if (!used.contains(p) && taken.add(p)) return p;
        }
        for (int p = ranges.nodePortMin(); p <= ranges.nodePortMax(); p++) {
            if (!used.contains(p) && taken.add(p)) return p;
        }
        throw new ApiException.Forbidden(ref, "no node port is free in " + ranges.nodePortRange()
                + ": delete unused NodePort services");
    }

    private Set<Integer> usedPorts() {
        Set<Integer> out = new HashSet<>();
        for (String s : usedSuffixes(ServiceRanges.NODE_PORTS)) out.add(Integer.parseInt(s));
        return out;
    }

    private Set<String> usedSuffixes(String prefix) {
        Set<String> out = new HashSet<>();
        ListOptions options = ListOptions.page(1000);
        Page page;
        do {
            page = store.list(prefix, options);
            for (KeyValue kv : page.items()) out.add(kv.key().substring(prefix.length()));
            if (page.more()) options = options.next(page);
        } while (page.more());
        return out;
    }

    static boolean nodePortType(ServiceType t) {
        return t == ServiceType.NODE_PORT || t == ServiceType.LOAD_BALANCER;
    }

    static Set<Integer> nodePortsOf(ServiceSpec spec) {
        Set<Integer> out = new HashSet<>();
        if (spec == null) return out;
        for (ServicePort p : spec.portsOrEmpty()) if (p.nodePort() != null && p.nodePort() != 0) out.add(p.nodePort());
        return out;
    }

    private static String portId(ServicePort p) {
        return p.port() + "/" + Objects.requireNonNullElse(p.protocol(), dev.skiff.api.Protocol.TCP);
    }

    private static ServicePort withNodePort(ServicePort p, Integer np) {
        return new ServicePort(p.name(), p.protocol(), p.port(), p.targetPort(), np);
    }

    static ApiException.Invalid invalid(ObjectRef ref, String field, String message) {
        return new ApiException.Invalid(ref, List.of(new FieldError(field, message)));
    }
}
