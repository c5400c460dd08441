package dev.skiff.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.agent.proxy.Frontend;
import dev.skiff.api.Json;
import dev.skiff.api.Pod;
import dev.skiff.api.Service;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An agent's proxy, DNS and service env vars, with the engine's endpoints controller and
 * allocation, over real etcd and real busybox httpd pods.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AgentServicesIT extends EngineAgentFixture {
    int dnsPort;

    @Override
    protected String prefix() {
        return "svc";
    }

    @Override
    protected void beforeAgent() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            dnsPort = s.getLocalPort();
        }
    }

    @Override
    protected AgentNetworking networking() {
        return AgentNetworking.DEFAULT.withDnsPort(dnsPort).withNodePortAddress("127.0.0.1");
    }

    private void webPod(String name) throws IOException {
        httpdPod(name, "$PORT");
    }

    private static String get(String url) {
        try {
            HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                    .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                            HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body().strip() : "HTTP " + r.statusCode();
        } catch (IOException e) {
            return "failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    @Test
    void clusterIpNodePortDnsAndEnvReachThePods() throws Exception {
        webPod("web-a");
        webPod("web-b");
        Service svc = client.create(Json.fromYaml("""
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: %s}
                spec:
                  type: NodePort
                  selector: {app: web}
                  ports: [{name: http, port: 80, targetPort: http}]
                """.formatted(ns), Service.class));
        String ip = svc.spec().clusterIP();
        int nodePort = svc.spec().ports().getFirst().nodePort();
        assertThat(ip).startsWith("127.77.");

        await().atMost(60, TimeUnit.SECONDS).untilAsserted(() -> {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 6; i++) seen.add(get("http://" + ip + "/"));
            assertThat(seen).containsExactlyInAnyOrder("web-a", "web-b");
        });
        assertThat(agent.proxy().orElseThrow().listening()).contains(new Frontend("127.0.0.1", nodePort, dev.skiff.api.Protocol.TCP));
        assertThat(get("http://127.0.0.1:" + nodePort + "/")).isIn("web-a", "web-b");

        Process dig = new ProcessBuilder("dig", "@127.0.0.1", "-p", Integer.toString(dnsPort), "+short", "+time=3",
                "web." + ns + ".svc.cluster.local", "A").redirectErrorStream(true).start();
        assertThat(new String(dig.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip()).isEqualTo(ip);
        assertThat(dig.waitFor()).isZero();

        // a pod started after the service sees it in its environment
        Path dir = Files.createDirectories(tmp.resolve("envpod"));
        client.create(Json.fromYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: envpod, namespace: %s}
                spec:
                  nodeName: %s
                  restartPolicy: Never
                  containers:
                  - name: main
                    image: busybox
                    workingDir: %s
                    command: [sh, -c, 'env | grep ^WEB_ | sort > env.txt']
                """.formatted(ns, node, dir), Pod.class));
        await().atMost(60, TimeUnit.SECONDS).until(() -> Files.exists(dir.resolve("env.txt"))
                && Files.readString(dir.resolve("env.txt")).contains("WEB_SERVICE_HOST"));
        List<String> env = Files.readAllLines(dir.resolve("env.txt"));
        assertThat(env).containsExactly(
                "WEB_PORT=tcp://" + ip + ":80",
                "WEB_PORT_80_TCP=tcp://" + ip + ":80",
                "WEB_PORT_80_TCP_ADDR=" + ip,
                "WEB_PORT_80_TCP_PORT=80",
                "WEB_PORT_80_TCP_PROTO=tcp",
                "WEB_SERVICE_HOST=" + ip,
                "WEB_SERVICE_PORT=80",
                "WEB_SERVICE_PORT_HTTP=80");

        // deleting the service closes its listeners
        client.delete(Service.class, ns, "web");
        await().atMost(5, TimeUnit.SECONDS).until(() -> agent.proxy().orElseThrow().listening().stream()
                .noneMatch(f -> f.address().equals(ip)));
    }
}
