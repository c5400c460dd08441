package dev.skiff.cli;

import dev.skiff.scenario.ServiceTarget;
import dev.skiff.store.Store;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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

    @Override
    public Integer call() throws InterruptedException {
        ServiceTarget t;
        try {
            t = ServiceTarget.parse(target);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        String ns = namespace == null ? Namespaces.current() : namespace;
        URI uri;
        try (Store store = cluster.connect()) {
            uri = t.resolve(ClusterOptions.client(store), ns);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
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
}
