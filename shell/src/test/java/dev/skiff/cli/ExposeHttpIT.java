package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.agent.proxy.ProxyConfig;
import dev.skiff.agent.proxy.ServiceProxy;
import dev.skiff.api.Endpoints;
import dev.skiff.api.Json;
import dev.skiff.api.Pod;
import dev.skiff.api.Service;
import dev.skiff.client.Client;
import dev.skiff.client.Informer;
import dev.skiff.demo.DemoApp;
import dev.skiff.store.EtcdProcess;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** skiff expose, then skiff http through a real proxy to the demo app (endpoints written as the controller would). */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ExposeHttpIT {

    @Test
    void exposeAPodAndGetThroughItsClusterIp() throws Exception {
        String server = EtcdProcess.shared().endpoint().getAuthority();
        String name = "demo-" + UUID.randomUUID().toString().substring(0, 6);
        try (Store store = EtcdStore.connect(EtcdProcess.shared().config());
             DemoApp app = DemoApp.start(new InetSocketAddress("127.0.0.1", 0),
                     new DemoApp.Identity(name, "node-1", "v1"), Map.of(), code -> { })) {
            Client client = new Client(store, Clock.systemUTC());
            client.create(Json.fromYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: %s, namespace: default, labels: {app: %s}}
                    spec:
                      containers: [{name: main, image: busybox, ports: [{name: http, containerPort: 8080}]}]
                    """.formatted(name, name), Pod.class));
            CliRun expose = CliRun.of("expose", "pod/" + name, "--port", "80", "--target-port", "http", "--server", server);
            assertThat(expose.err()).isEmpty();
            assertThat(expose.out()).startsWith("service/" + name + " exposed (cluster IP 127.77.");
            Service svc = client.require(Service.class, "default", name);
            assertThat(svc.spec().selector()).isEqualTo(Map.of("app", name));
            client.create(Json.fromYaml("""
                    apiVersion: v1
                    kind: Endpoints
                    metadata: {name: %s, namespace: default}
                    subsets: [{addresses: [{ip: 127.0.0.1}], ports: [{port: %d}]}]
                    """.formatted(name, app.port()), Endpoints.class));
            try (Informer<Service> services = new Informer<>(client, Service.class, null).start();
                 Informer<Endpoints> endpoints = new Informer<>(client, Endpoints.class, null).start()) {
                services.awaitSynced(Duration.ofSeconds(20));
                endpoints.awaitSynced(Duration.ofSeconds(20));
                try (ServiceProxy proxy = ServiceProxy.watching(services, endpoints, ProxyConfig.forNode("127.0.0.1")
                        .withNodePortAddress("127.0.0.1"), Clock.systemUTC())) {
                    await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
                        CliRun http = CliRun.of("http", "svc/" + name + "/", "--server", server);
                        assertThat(http.out()).isEqualTo("pod " + name + " on node node-1, version v1\n");
                        assertThat(http.exitCode()).isZero();
                    });
                    CliRun missing = CliRun.of("http", "svc/" + name + ":9999/", "--server", server);
                    assertThat(missing.exitCode()).isNotZero();
                    assertThat(missing.err()).contains("has no port 9999");
                    assertThat(proxy.listening()).isNotEmpty();
                }
            } finally {
                client.delete(Service.class, "default", name);
                client.delete(Endpoints.class, "default", name);
                client.delete(Pod.class, "default", name);
            }
        }
    }
}
