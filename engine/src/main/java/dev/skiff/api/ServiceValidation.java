package dev.skiff.api;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Service and Endpoints rules: ports, node ports, target ports, cluster IPs. */
final class ServiceValidation {

    static final int NODE_PORT_MIN = 30000;
    static final int NODE_PORT_MAX = 32767;
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    private ServiceValidation() {
    }

    static void service(ServiceSpec s, Problems p) {
        if (s == null) {
            p.add("spec", "required: a service needs ports (and usually a selector)");
            return;
        }
        if (!s.headless()) {
            p.required("spec.ports", s.ports(), "at least one port (only headless services, clusterIP: None, may omit ports)");
        }
        List<ServicePort> ports = s.portsOrEmpty();
        Set<String> names = Validation.seen();
        Set<String> numbers = Validation.seen();
        for (int i = 0; i < ports.size(); i++) {
            port(ports.get(i), "spec.ports[" + i + "]", ports.size() > 1, s.type(), names, numbers, p);
        }
        Validation.labels("spec.selector", s.selector(), p);
        String ip = s.clusterIP();
        if (ip != null && !ip.isEmpty() && !s.headless() && !IPV4.matcher(ip).matches()) {
            p.add("spec.clusterIP", "\"" + ip + "\" is invalid: use an IPv4 address, None (headless) or leave it empty");
        }
        if (s.headless() && s.type() != null && s.type() != ServiceType.CLUSTER_IP) {
            p.add("spec.clusterIP", "None (headless) requires type ClusterIP");
        }
        SessionAffinityConfig c = s.sessionAffinityConfig();
        if (c != null && c.clientIP() != null && c.clientIP().timeoutSeconds() != null) {
            int t = c.clientIP().timeoutSeconds();
            if (t < 1 || t > 86400) {
                p.add("spec.sessionAffinityConfig.clientIP.timeoutSeconds", t + " is invalid: must be between 1 and 86400");
            }
        }
    }

    private static void port(ServicePort sp, String at, boolean many, ServiceType type, Set<String> names,
                             Set<String> numbers, Problems p) {
        if (p.required(at + ".port", sp.port(), "the port number clients connect to")) {
            p.port(at + ".port", sp.port());
            String key = sp.port() + "/" + (sp.protocol() == null ? Protocol.TCP : sp.protocol());
            if (!numbers.add(key)) {
                p.add(at + ".port", "duplicate port " + key + ": each port/protocol may appear once");
            }
        }
        if (sp.name() == null || sp.name().isEmpty()) {
            if (many) {
                p.add(at + ".name", "required: services with several ports must name each port");
            }
        } else {
            p.add(at + ".name", Names.dnsLabel("port name", sp.name()));
            Validation.unique(names, sp.name(), at + ".name", "port name", p);
        }
        if (sp.targetPort() != null) {
            ProbeCheck.port(sp.targetPort(), at + ".targetPort", p);
        }
        if (sp.nodePort() != null && sp.nodePort() != 0) {
            if (type != ServiceType.NODE_PORT && type != ServiceType.LOAD_BALANCER) {
                p.add(at + ".nodePort", "may only be set when type is NodePort or LoadBalancer");
            } else if (sp.nodePort() < NODE_PORT_MIN || sp.nodePort() > NODE_PORT_MAX) {
                p.add(at + ".nodePort", sp.nodePort() + " is outside the NodePort range " + NODE_PORT_MIN + "-"
                        + NODE_PORT_MAX + ": pick a port in the range or leave it empty to have one allocated");
            }
        }
    }

    static void endpoints(Endpoints e, Problems p) {
        List<EndpointSubset> subsets = e.subsets() == null ? List.of() : e.subsets();
        for (int i = 0; i < subsets.size(); i++) {
            EndpointSubset s = subsets.get(i);
            String at = "subsets[" + i + "]";
            addresses(s.addresses(), at + ".addresses", p);
            addresses(s.notReadyAddresses(), at + ".notReadyAddresses", p);
            for (int j = 0; s.ports() != null && j < s.ports().size(); j++) {
                String pat = at + ".ports[" + j + "].port";
                if (p.required(pat, s.ports().get(j).port(), "the backend port")) {
                    p.port(pat, s.ports().get(j).port());
                }
            }
        }
    }

    private static void addresses(List<EndpointAddress> list, String path, Problems p) {
        for (int i = 0; list != null && i < list.size(); i++) {
            String ip = list.get(i).ip();
            if (p.required(path + "[" + i + "].ip", ip, "the backend address") && !IPV4.matcher(ip).matches()) {
                p.add(path + "[" + i + "].ip", "\"" + ip + "\" is not an IPv4 address");
            }
        }
    }
}
