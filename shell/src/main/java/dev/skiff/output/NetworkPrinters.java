package dev.skiff.output;

import dev.skiff.api.EndpointAddress;
import dev.skiff.api.EndpointPort;
import dev.skiff.api.EndpointSubset;
import dev.skiff.api.Endpoints;
import dev.skiff.api.LoadBalancerIngress;
import dev.skiff.api.Service;
import dev.skiff.api.ServicePort;
import dev.skiff.api.ServiceSpec;
import dev.skiff.api.ServiceType;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Services and Endpoints as kubectl's printService and printEndpoints show them. */
final class NetworkPrinters {
    private NetworkPrinters() {}

    /** kubectl shortens a LoadBalancer's addresses to this many characters outside -o wide. */
    private static final int LOAD_BALANCER_WIDTH = 16;
    /** Endpoints lists this many addresses, then "+ N more...". */
    private static final int MAX_ENDPOINTS = 3;

    static final KindPrinter<Service> SERVICES = KindPrinter.of(List.of(Column.of("NAME"), Column.of("TYPE"),
            Column.of("CLUSTER-IP"), Column.of("EXTERNAL-IP"), Column.of("PORT(S)"), Column.of("AGE"),
            Column.wide("SELECTOR")), (KindPrinter.CellFunction<Service>) (svc, now, wide) -> {
                ServiceSpec spec = svc.spec();
                ServiceType type = spec == null || spec.type() == null ? ServiceType.CLUSTER_IP : spec.type();
                String clusterIp = spec == null ? null
                        : spec.clusterIPs() != null && !spec.clusterIPs().isEmpty() ? spec.clusterIPs().getFirst()
                        : spec.clusterIP();
                return List.of(svc.name(), type.wire(), Cells.orNone(clusterIp), externalIp(svc, type, wide),
                        Cells.orNone(ports(spec == null ? List.of() : spec.portsOrEmpty())),
                        Age.since(svc.metadata().creationTimestamp(), now),
                        Cells.labels(spec == null ? null : spec.selector()));
            });

    static final KindPrinter<Endpoints> ENDPOINTS = KindPrinter.of(
            List.of(Column.of("NAME"), Column.of("ENDPOINTS"), Column.of("AGE")),
            (ep, now) -> List.of(ep.name(), endpoints(ep), Age.since(ep.metadata().creationTimestamp(), now)));

    /** {@code 80/TCP}, or {@code 80:30080/TCP} with a node port, comma-joined. */
    static String ports(List<ServicePort> ports) {
        List<String> pieces = new ArrayList<>();
        for (ServicePort p : ports) {
            String protocol = p.protocol() == null ? "TCP" : p.protocol().wire();
            int port = p.port() == null ? 0 : p.port();
            pieces.add(p.nodePort() != null && p.nodePort() > 0
                    ? port + ":" + p.nodePort() + "/" + protocol : port + "/" + protocol);
        }
        return String.join(",", pieces);
    }

    /** ClusterIP and NodePort: none (Skiff has no spec.externalIPs); LoadBalancer: ingress or pending. */
    private static String externalIp(Service svc, ServiceType type, boolean wide) {
        if (type != ServiceType.LOAD_BALANCER) return Cells.NONE;
        TreeSet<String> ips = new TreeSet<>();
        if (svc.status() != null && svc.status().loadBalancer() != null && svc.status().loadBalancer().ingress() != null) {
            for (LoadBalancerIngress in : svc.status().loadBalancer().ingress()) {
                if (in.ip() != null && !in.ip().isEmpty()) ips.add(in.ip());
                else if (in.hostname() != null && !in.hostname().isEmpty()) ips.add(in.hostname());
            }
        }
        String joined = String.join(",", ips);
        if (joined.isEmpty()) return "<pending>";
        // kubectl shortens the addresses outside -o wide
        return !wide && joined.length() > LOAD_BALANCER_WIDTH ? joined.substring(0, LOAD_BALANCER_WIDTH - 3) + "..." : joined;
    }

    /** {@code 10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 2 more...}; ready addresses only. */
    static String endpoints(Endpoints ep) {
        List<String> list = new ArrayList<>();
        int count = 0;
        boolean more = false;
        for (EndpointSubset ss : ep.subsets() == null ? List.<EndpointSubset>of() : ep.subsets()) {
            List<EndpointAddress> addresses = ss.addresses() == null ? List.of() : ss.addresses();
            List<EndpointPort> ports = ss.ports() == null || ss.ports().isEmpty()
                    ? java.util.Collections.singletonList(null) : ss.ports();
            for (EndpointPort port : ports) {
                count += addresses.size();
                for (EndpointAddress a : addresses) {
                    if (list.size() == MAX_ENDPOINTS) {
                        more = true;
                        break;
                    }
                    list.add(port == null ? a.ip() : hostPort(a.ip(), port.port()));
                }
            }
        }
        String joined = String.join(",", list);
        if (more) return joined + " + " + (count - MAX_ENDPOINTS) + " more...";
        return joined.isEmpty() ? Cells.NONE : joined;
    }

    private static String hostPort(String ip, Integer port) {
        String host = ip != null && ip.contains(":") ? "[" + ip + "]" : ip;
        return host + ":" + (port == null ? 0 : port);
    }
}
