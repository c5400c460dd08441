package dev.skiff.scenario;

import dev.skiff.api.Service;
import dev.skiff.api.ServicePort;
import dev.skiff.client.Client;
import java.net.URI;
import java.util.List;

/**
 * {@code svc/NAME[:PORT]/PATH}: a service's cluster IP and port, which the agent's proxy answers on
 * this machine — what {@code skiff http} and the scenarios' http probes send their requests to.
 */
public record ServiceTarget(String name, String port, String path) {

    public static boolean is(String text) {
        return text.startsWith("svc/") || text.startsWith("service/") || text.startsWith("services/");
    }

    /** @throws IllegalArgumentException saying what the syntax is */
    public static ServiceTarget parse(String text) {
        String rest = text.startsWith("svc/") ? text.substring(4) : text.startsWith("service/") ? text.substring(8)
                : text.startsWith("services/") ? text.substring(9) : null;
        if (rest == null || rest.isEmpty()) {
            throw new IllegalArgumentException("\"" + text + "\" is not svc/NAME[:PORT]/PATH — e.g. svc/web/healthz");
        }
        int slash = rest.indexOf('/');
        String head = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "/" : rest.substring(slash);
        int colon = head.indexOf(':');
        return colon < 0 ? new ServiceTarget(head, null, path)
                : new ServiceTarget(head.substring(0, colon), head.substring(colon + 1), path);
    }

    /** The URL through the cluster IP; reads the Service. */
    public URI resolve(Client client, String namespace) {
        Service svc = client.require(Service.class, namespace, name);
        if (svc.spec() == null || svc.spec().headless()) {
            throw new IllegalArgumentException("service " + name + " is headless: it has no cluster IP to send a request to");
        }
        return URI.create("http://" + svc.spec().clusterIP() + ":" + port(svc, port).port() + path);
    }

    public static ServicePort port(Service svc, String wanted) {
        List<ServicePort> ports = svc.spec().portsOrEmpty();
        if (ports.isEmpty()) throw new IllegalArgumentException("service " + svc.name() + " has no ports");
        if (wanted == null) return ports.getFirst();
        for (ServicePort p : ports) {
            if (wanted.equals(p.name()) || wanted.equals(String.valueOf(p.port()))) return p;
        }
        throw new IllegalArgumentException("service " + svc.name() + " has no port " + wanted + ": it has "
                + ports.stream().map(p -> (p.name() == null ? "" : p.name() + "=") + p.port()).toList());
    }
}
