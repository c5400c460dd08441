package dev.skiff.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Json;
import dev.skiff.api.Pod;
import dev.skiff.api.Service;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Service environment variables, byte for byte as the kubelet writes them (pkg/kubelet/envvars). */
class ServiceEnvTest {

    static Service svc(String ns, String name, String created, String spec) {
        return Json.fromYaml("""
                apiVersion: v1
                kind: Service
                metadata: {name: %s, namespace: %s, creationTimestamp: "%s"}
                spec:
                %s""".formatted(name, ns, created, spec.indent(2)), Service.class);
    }

    static Pod pod(String ns, String created, String extra) {
        return Json.fromYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: client, namespace: %s, creationTimestamp: "%s"}
                spec:
                  %s
                  containers: [{name: main, image: busybox:1}]
                """.formatted(ns, created, extra), Pod.class);
    }

    static String lines(Map<String, String> env) {
        return env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n", "", "\n"));
    }

    @Test
    void theKubernetesDocumentationExample() {
        // kubernetes.io "Service > Environment variables": a service redis-primary at 10.0.0.11:6379
        Service redis = svc("default", "redis-primary", "2026-01-01T00:00:00Z", "clusterIP: 10.0.0.11\nports: [{port: 6379, protocol: TCP}]");
        assertThat(lines(ServiceEnv.of(redis))).isEqualTo("""
                REDIS_PRIMARY_SERVICE_HOST=10.0.0.11
                REDIS_PRIMARY_SERVICE_PORT=6379
                REDIS_PRIMARY_PORT=tcp://10.0.0.11:6379
                REDIS_PRIMARY_PORT_6379_TCP=tcp://10.0.0.11:6379
                REDIS_PRIMARY_PORT_6379_TCP_PROTO=tcp
                REDIS_PRIMARY_PORT_6379_TCP_PORT=6379
                REDIS_PRIMARY_PORT_6379_TCP_ADDR=10.0.0.11
                """);
    }

    @Test
    void namedPortsAndUdpFollowTheKubeletsOrder() {
        Service web = svc("default", "web-api", "2026-01-01T00:00:00Z", """
                clusterIP: 127.77.0.9
                ports:
                - {name: http, port: 80, protocol: TCP}
                - {name: metrics-udp, port: 9125, protocol: UDP}""");
        assertThat(lines(ServiceEnv.of(web))).isEqualTo("""
                WEB_API_SERVICE_HOST=127.77.0.9
                WEB_API_SERVICE_PORT=80
                WEB_API_SERVICE_PORT_HTTP=80
                WEB_API_SERVICE_PORT_METRICS_UDP=9125
                WEB_API_PORT=tcp://127.77.0.9:80
                WEB_API_PORT_80_TCP=tcp://127.77.0.9:80
                WEB_API_PORT_80_TCP_PROTO=tcp
                WEB_API_PORT_80_TCP_PORT=80
                WEB_API_PORT_80_TCP_ADDR=127.77.0.9
                WEB_API_PORT_9125_UDP=udp://127.77.0.9:9125
                WEB_API_PORT_9125_UDP_PROTO=udp
                WEB_API_PORT_9125_UDP_PORT=9125
                WEB_API_PORT_9125_UDP_ADDR=127.77.0.9
                """);
    }

    @Test
    void onlyEarlierNonHeadlessServicesOfThePodsNamespace() {
        List<Service> all = List.of(
                svc("default", "b", "2026-01-01T00:00:00Z", "clusterIP: 127.77.0.2\nports: [{port: 2}]"),
                svc("default", "a", "2026-01-01T10:00:00Z", "clusterIP: 127.77.0.1\nports: [{port: 1}]"),
                svc("default", "later", "2026-01-01T10:00:01Z", "clusterIP: 127.77.0.3\nports: [{port: 3}]"),
                svc("default", "headless", "2026-01-01T00:00:00Z", "clusterIP: None\nports: [{port: 4}]"),
                svc("other", "elsewhere", "2026-01-01T00:00:00Z", "clusterIP: 127.77.0.5\nports: [{port: 5}]"));
        Map<String, String> env = ServiceEnv.forPod(pod("default", "2026-01-01T10:00:00Z", ""), all);
        assertThat(env.keySet()).filteredOn(k -> k.endsWith("_SERVICE_HOST")).containsExactly("A_SERVICE_HOST", "B_SERVICE_HOST");
        assertThat(ServiceEnv.forPod(pod("default", "2026-01-01T10:00:00Z", "enableServiceLinks: false"), all)).isEmpty();
    }
}
