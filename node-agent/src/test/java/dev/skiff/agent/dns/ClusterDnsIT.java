package dev.skiff.agent.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Endpoints;
import dev.skiff.api.Json;
import dev.skiff.api.Service;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The cluster DNS answering real {@code dig} (Debian dnsutils) over UDP and TCP on loopback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterDnsIT {

    private static ClusterDns dns;
    private static ClusterDns upstream;

    static ServiceDirectory directory(Map<String, Service> services, Map<String, Endpoints> endpoints) {
        return new ServiceDirectory() {
            @Override
            public Optional<Service> service(String namespace, String name) {
                return Optional.ofNullable(services.get(namespace + "/" + name));
            }

            @Override
            public Optional<Endpoints> endpoints(String namespace, String name) {
                return Optional.ofNullable(endpoints.get(namespace + "/" + name));
            }

            @Override
            public boolean namespaceHasServices(String namespace) {
                return services.keySet().stream().anyMatch(k -> k.startsWith(namespace + "/"));
            }
        };
    }

    static Service svc(String ns, String name, String spec) {
        return Json.fromYaml("""
                apiVersion: v1
                kind: Service
                metadata: {name: %s, namespace: %s}
                spec:
                %s""".formatted(name, ns, spec.indent(2)), Service.class);
    }

    @BeforeAll
    static void start() {
        // the "internet": another server on loopback that knows one outside name
        upstream = ClusterDns.start(new DnsConfig("127.0.0.1", 0, "upstream.test", List.of(), java.time.Duration.ofSeconds(30)),
                directory(Map.of("corp/ext", svc("corp", "ext", "clusterIP: 10.9.8.7\nports: [{port: 80}]")), Map.of()));
        Endpoints ep = Json.fromYaml("""
                apiVersion: v1
                kind: Endpoints
                metadata: {name: db, namespace: prod}
                subsets:
                - addresses: [{ip: 127.0.1.1}, {ip: 127.0.1.2}]
                  notReadyAddresses: [{ip: 127.0.1.3}]
                  ports: [{name: pg, port: 41000}]
                """, Endpoints.class);
        Map<String, Service> services = Map.of(
                "default/web", svc("default", "web", """
                        clusterIP: 127.77.0.10
                        ports:
                        - {name: http, port: 80, protocol: TCP}
                        - {name: dns, port: 53, protocol: UDP}"""),
                "prod/db", svc("prod", "db", "clusterIP: None\nports: [{name: pg, port: 5432}]"));
        dns = ClusterDns.start(DnsConfig.of("127.0.0.1", 0).withUpstreams(List.of(upstream.address())),
                directory(services, Map.of("prod/db", ep)));
    }

    @AfterAll
    static void stop() {
        if (dns != null) dns.close();
        if (upstream != null) upstream.close();
    }

    static String dig(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("dig", "@127.0.0.1", "-p", Integer.toString(dns.port()),
                "+time=3", "+tries=1"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    @Test
    void aRecordsForServicesAndTheirShortForms() throws Exception {
        assertThat(dig("+short", "web.default.svc.cluster.local", "A").strip()).isEqualTo("127.77.0.10");
        assertThat(dig("+short", "web.default.svc", "A").strip()).isEqualTo("127.77.0.10");
        assertThat(dig("+short", "web.default", "A").strip()).isEqualTo("127.77.0.10");
        assertThat(dig("+short", "+tcp", "WEB.Default.svc.cluster.local.", "A").strip()).isEqualTo("127.77.0.10");
        String full = dig("web.default.svc.cluster.local", "A");
        assertThat(full).contains("status: NOERROR").contains("flags: qr aa");
    }

    @Test
    void headlessServicesAnswerWithTheReadyEndpoints() throws Exception {
        assertThat(dig("+short", "db.prod.svc.cluster.local", "A").strip().lines().sorted().toList())
                .containsExactly("127.0.1.1", "127.0.1.2");
        assertThat(dig("+short", "_pg._tcp.db.prod.svc.cluster.local", "SRV").strip())
                .isEqualTo("0 100 41000 db.prod.svc.cluster.local.");
    }

    @Test
    void srvRecordsForNamedPorts() throws Exception {
        assertThat(dig("+short", "_http._tcp.web.default.svc.cluster.local", "SRV").strip())
                .isEqualTo("0 100 80 web.default.svc.cluster.local.");
        assertThat(dig("+short", "_dns._udp.web.default.svc.cluster.local", "SRV").strip())
                .isEqualTo("0 100 53 web.default.svc.cluster.local.");
        String both = dig("web.default.svc.cluster.local", "SRV");
        assertThat(both).contains("SRV\t0 100 80 web.default.svc.cluster.local.").contains("SRV\t0 100 53 web.default.svc.cluster.local.");
        assertThat(both).containsPattern("ADDITIONAL SECTION:\\s+web.default.svc.cluster.local. \\d+\\s+IN\\s+A\\s+127.77.0.10");
    }

    @Test
    void unknownNamesInTheDomainAreNxdomain() throws Exception {
        assertThat(dig("nope.default.svc.cluster.local", "A")).contains("status: NXDOMAIN").contains("SOA");
        assertThat(dig("_https._tcp.web.default.svc.cluster.local", "SRV")).contains("status: NXDOMAIN");
        assertThat(dig("pods.cluster.local", "A")).contains("status: NXDOMAIN");
        // a namespace with services exists, without records of its own
        assertThat(dig("default.svc.cluster.local", "A")).contains("status: NOERROR").contains("ANSWER: 0");
    }

    @Test
    void otherNamesGoUpstream() throws Exception {
        assertThat(dig("+short", "ext.corp.svc.upstream.test", "A").strip()).isEqualTo("10.9.8.7");
        assertThat(dig("missing.corp.svc.upstream.test", "A")).contains("status: NXDOMAIN");
    }

    @Test
    void noUpstreamIsServfail() {
        try (ClusterDns lonely = ClusterDns.start(DnsConfig.of("127.0.0.1", 0).withUpstreams(List.of()),
                directory(Map.of(), Map.of()))) {
            byte[] q = org.xbill.DNS.Message.newQuery(org.xbill.DNS.Record.newRecord(
                    org.xbill.DNS.Name.fromConstantString("example.org."), org.xbill.DNS.Type.A, org.xbill.DNS.DClass.IN)).toWire();
            var reply = new org.xbill.DNS.Message(lonely.handle(q, q.length, true));
            assertThat(reply.getRcode()).isEqualTo(org.xbill.DNS.Rcode.SERVFAIL);
            assertThat(lonely.address()).isEqualTo(new InetSocketAddress("127.0.0.1", lonely.port()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
