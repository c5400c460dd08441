package dev.skiff.cli;

import dev.skiff.api.Service;
import dev.skiff.api.ServicePort;
import dev.skiff.client.Client;
import dev.skiff.store.Store;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "http", description = {"GET a path of a service through its cluster IP, as a pod would (curl-like).",
        "  skiff http svc/web/            skiff http svc/web:metrics/stats    skiff http svc/web:8080/healthz -i"})
public final class HttpCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ClusterOptions cluster;
    @Parameters(paramLabel = "svc/NAME[:PORT]/PATH") String target;
    @Option(names = {"-i", "--include"}, description = "Print the status line and headers too.") boolean include;
    @Option(names = {"-n", "--namespace"}) String namespace;
    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10") int timeout;

    /** svc/NAME[:PORT]/PATH, parsed. */
    record Target(String name, String port, String path) {
        static Target parse(String text) {
            String rest = text.startsWith("svc/") ? text.substring(4) : text.startsWith("service/") ? text.substring(8)
                    : text.startsWith("services/") ? text.substring(9) : null;
            if (rest == null || rest.isEmpty()) {
                throw new UserError("\"" + text + "\" is not svc/NAME[:PORT]/PATH — e.g. skiff http svc/web/healthz");
            }
            int slash = rest.indexOf('/');
            String head = slash < 0 ? rest : rest.substring(0, slash);
            String path = slash < 0 ? "/" : rest.substring(slash);
            int colon = head.indexOf(':');
            return colon < 0 ? new Target(head, null, path) : new Target(head.substring(0, colon), head.substring(colon + 1), path);
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        Target t = Target.parse(target);
        String ns = namespace == null ? Namespaces.current() : namespace;
        Service svc;
        try (Store store = cluster.connect()) {
            Client client = ClusterOptions.client(store);
            svc = client.require(Service.class, ns, t.name());
        }
        if (svc.spec() == null || svc.spec().headless()) {
            throw new UserError("service " + t.name() + " is headless: it has no cluster IP to send a request to");
        }
        ServicePort port = port(svc, t.port());
        URI uri = URI.create("http://" + svc.spec().clusterIP() + ":" + port.port() + t.path());
        try {
            HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(timeout)).build()
                    .send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(timeout)).build(), HttpResponse.BodyHandlers.ofString());
            var out = spec.commandLine().getOut();
            if (include) {
                out.println("HTTP/1.1 " + r.statusCode());
                r.headers().map().forEach((k, v) -> v.forEach(value -> out.println(k + ": " + value)));
                out.println();
            }
            out.print(r.body());
            out.flush();
            return r.statusCode() < 400 ? 0 : 22; // curl -f's code for an HTTP error
        } catch (IOException e) {
            throw new UserError("no answer from svc/" + t.name() + " at " + uri.getAuthority() + " (" + e.getMessage()
                    + "): is an agent's proxy running on this machine, and does the service have ready endpoints "
                    + "(skiff get endpoints " + t.name() + ")?");
        }
    }

    private static ServicePort port(Service svc, String wanted) {
        List<ServicePort> ports = svc.spec().portsOrEmpty();
        if (ports.isEmpty()) throw new UserError("service " + svc.name() + " has no ports");
        if (wanted == null) return ports.getFirst();
        for (ServicePort p : ports) {
            if (wanted.equals(p.name()) || wanted.equals(String.valueOf(p.port()))) return p;
        }
        throw new UserError("service " + svc.name() + " has no port " + wanted + ": it has "
                + ports.stream().map(p -> (p.name() == null ? "" : p.name() + "=") + p.port()).toList());
    }
}
