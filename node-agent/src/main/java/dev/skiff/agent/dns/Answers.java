package dev.skiff.agent.dns;

import dev.skiff.api.EndpointAddress;
import dev.skiff.api.EndpointSubset;
import dev.skiff.api.Endpoints;
import dev.skiff.api.Protocol;
import dev.skiff.api.Service;
import dev.skiff.api.ServicePort;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Answers about the cluster domain (pure over a {@link ServiceDirectory}), as the Kubernetes DNS
 * spec says: {@code <svc>.<ns>.svc.<domain>} A → the cluster IP, or the ready endpoint addresses
 * of a headless service; {@code _<port>._<proto>.<svc>.<ns>.svc.<domain>} SRV → the named port;
 * unknown names in the domain → NXDOMAIN. The short forms a pod's search path would expand
 * ({@code <svc>.<ns>.svc}, {@code <svc>.<ns>}) are answered too when such a service exists — Skiff's
 * pods share the host's resolver, which has no cluster search path.
 */
final class Answers {

    private final ServiceDirectory directory;
    private final DnsConfig config;
    private final Name zone;

    Answers(ServiceDirectory directory, DnsConfig config) {
        this.directory = directory;
        this.config = config;
        try {
            this.zone = Name.fromString(config.domain() + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException("cluster domain \"" + config.domain() + "\" is not a DNS name", e);
        }
    }

    /** The response, or empty when the name is not ours (it goes upstream). */
    Optional<Message> answer(Message query) {
        Record q = query.getQuestion();
        if (q == null) return Optional.empty();
        Name name = q.getName();
        List<String> labels = labels(name);
        String domain = config.domain().toLowerCase(Locale.ROOT);
        String full = String.join(".", labels);
        if (full.equals(domain) || full.endsWith("." + domain)) {
            List<String> inside = labels.subList(0, labels.size() - domain.split("\\.").length);
            return Optional.of(inZone(query, q, inside));
        }
        // short forms: <svc>.<ns>.svc and <svc>.<ns>, only when that service exists
        List<String> inside = null;
        if (labels.size() == 3 && labels.get(2).equals("svc")) inside = List.of(labels.get(0), labels.get(1), "svc");
        if (labels.size() == 2) inside = List.of(labels.get(0), labels.get(1), "svc");
        if (inside != null && directory.service(inside.get(1), inside.get(0)).isPresent()) {
            return Optional.of(inZone(query, q, inside));
        }
        return Optional.empty();
    }

    private Message inZone(Message query, Record q, List<String> inside) {
        Message r = response(query);
        int type = q.getType();
        if (inside.size() == 3 && inside.get(2).equals("svc")) {
            Optional<Service> svc = directory.service(inside.get(1), inside.get(0));
            if (svc.isPresent()) {
                if (type == Type.A || type == Type.ANY) addresses(svc.get(), q.getName()).forEach(a -> r.addRecord(a, Section.ANSWER));
                if (type == Type.SRV || type == Type.ANY) srv(svc.get(), q.getName(), null, null, r);
                return r;
            }
        }
        if (inside.size() == 5 && inside.get(0).startsWith("_") && inside.get(1).startsWith("_") && inside.get(4).equals("svc")) {
            Optional<Service> svc = directory.service(inside.get(3), inside.get(2));
            if (svc.isPresent() && srv(svc.get(), q.getName(), inside.get(0).substring(1), inside.get(1).substring(1),
                    type == Type.SRV || type == Type.ANY ? r : null)) {
                return r;
            }
        }
        // empty non-terminals: the zone, svc.<domain>, <ns>.svc.<domain> exist without data
        boolean exists = inside.isEmpty() || inside.equals(List.of("svc"))
                || (inside.size() == 2 && inside.get(1).equals("svc") && directory.namespaceHasServices(inside.get(0)));
        if (!exists) r.getHeader().setRcode(Rcode.NXDOMAIN);
        r.addRecord(soa(), Section.AUTHORITY);
        return r;
    }

    private Message response(Message query) {
        Message r = new Message(query.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.getHeader().setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) r.getHeader().setFlag(Flags.RD);
        r.getHeader().setFlag(Flags.RA);
        r.addRecord(query.getQuestion(), Section.QUESTION);
        return r;
    }

    private List<Record> addresses(Service s, Name owner) {
        List<Record> out = new ArrayList<>();
        for (String ip : ips(s)) {
            try {
                out.add(new ARecord(owner, DClass.IN, ttl(), InetAddress.getByName(ip)));
            } catch (UnknownHostException e) {
                // not an address: skip it
            }
        }
        return out;
    }

    /** The cluster IP, or for a headless service its ready endpoints' addresses. */
    private Set<String> ips(Service s) {
        Set<String> ips = new LinkedHashSet<>();
        if (s.spec() == null) return ips;
        if (!s.spec().headless()) {
            if (s.spec().clusterIP() != null && !s.spec().clusterIP().isEmpty()) ips.add(s.spec().clusterIP());
            return ips;
        }
        Optional<Endpoints> ep = directory.endpoints(s.namespace(), s.name());
        if (ep.isEmpty() || ep.get().subsets() == null) return ips;
        for (EndpointSubset subset : ep.get().subsets()) {
            if (subset.addresses() == null) continue;
            for (EndpointAddress a : subset.addresses()) ips.add(a.ip());
        }
        return ips;
    }

    /** SRV records for the service's named ports (one port when {@code port}/{@code proto} are given). */
    private boolean srv(Service s, Name owner, String port, String proto, Message into) {
        boolean any = false;
        Name target = serviceName(s);
        for (ServicePort p : s.spec() == null ? List.<ServicePort>of() : s.spec().portsOrEmpty()) {
            if (p.name() == null || p.name().isEmpty() || p.port() == null) continue;
            String protocol = (p.protocol() == null ? Protocol.TCP : p.protocol()).wire().toLowerCase(Locale.ROOT);
            if (port != null && (!port.equals(p.name()) || !proto.equals(protocol))) continue;
            any = true;
            if (into == null) continue;
            for (int portNumber : srvPorts(s, p)) {
                into.addRecord(new SRVRecord(owner, DClass.IN, ttl(), 0, 100, portNumber, target), Section.ANSWER);
            }
            addresses(s, target).forEach(a -> into.addRecord(a, Section.ADDITIONAL));
        }
        return any;
    }

    /** A service's port; for a headless service, the endpoints' ports (there is no proxy in between). */
    private List<Integer> srvPorts(Service s, ServicePort p) {
        if (!s.spec().headless()) return List.of(p.port());
        Set<Integer> ports = new LinkedHashSet<>();
        directory.endpoints(s.namespace(), s.name()).ifPresent(ep -> {
            if (ep.subsets() == null) return;
            for (EndpointSubset subset : ep.subsets()) {
                if (subset.ports() == null || subset.addresses() == null) continue;
                subset.ports().stream().filter(x -> p.name().equals(x.name()) && x.port() != null)
                        .forEach(x -> ports.add(x.port()));
            }
        });
        return List.copyOf(ports);
    }

    private Name serviceName(Service s) {
        try {
            return Name.fromString(s.name() + "." + s.namespace() + ".svc." + config.domain() + ".");
        } catch (TextParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private SOARecord soa() {
        try {
            return new SOARecord(zone, DClass.IN, ttl(), Name.fromString("ns.dns." + config.domain() + "."),
                    Name.fromString("hostmaster." + config.domain() + "."), 1, 7200, 1800, 86400, ttl());
        } catch (TextParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private long ttl() {
        return config.ttl().toSeconds();
    }

    private static List<String> labels(Name name) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < name.labels(); i++) {
            String l = name.getLabelString(i);
            if (!l.isEmpty()) out.add(l.toLowerCase(Locale.ROOT));
        }
        return out;
    }
}
