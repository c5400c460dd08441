package dev.skiff.controllers.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.ConfigMap;
import dev.skiff.api.Json;
import dev.skiff.api.Namespace;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Pod;
import dev.skiff.api.PodPhase;
import dev.skiff.api.Service;
import dev.skiff.client.ApiException;
import dev.skiff.client.Client;
import dev.skiff.controllers.TestCluster;
import dev.skiff.controllers.TestCluster.Backend;
import dev.skiff.engine.Engine;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NamespaceIT {

    @Test
    void deletingANamespaceDeletesEverythingInItThenTheNamespace() {
        try (TestCluster c = TestCluster.start(Backend.ETCD, TestCluster.fastConfig(), Engine.builtIn())) {
            Client client = c.client();
            c.node("node-a", Duration.ofSeconds(5));
            client.create(new Namespace(null, null, ObjectMeta.named("team"), null, null));
            await().atMost(20, TimeUnit.SECONDS).until(() -> client.require(Namespace.class, null, "team").spec() != null
                    && client.require(Namespace.class, null, "team").spec().finalizers().contains(NamespaceController.FINALIZER));
            client.create(new ConfigMap(null, null, ObjectMeta.named("team", "cfg"), Map.of("k", "v"), null, null));
            client.create(Json.fromYaml("""
                    apiVersion: v1
                    kind: Service
                    metadata: {name: web, namespace: team}
                    spec:
                      selector: {app: demo}
                      ports: [{port: 80}]
                    """, Service.class));
            client.create(TestCluster.pod("team", "running", "node-a", null));
            client.create(TestCluster.pod("team", "pending", null, null));
            await().atMost(20, TimeUnit.SECONDS).until(() -> client.require(Pod.class, "team", "running").status() != null
                    && client.require(Pod.class, "team", "running").status().phase() == PodPhase.RUNNING);

            client.delete(Namespace.class, null, "team");
            Namespace terminating = client.require(Namespace.class, null, "team");
            assertThat(terminating.metadata().deletionTimestamp()).isNotNull();
            assertThat(terminating.status().phase()).isEqualTo("Terminating");
            assertThatThrownBy(() -> client.create(new ConfigMap(null, null, ObjectMeta.named("team", "late"), Map.of(), null, null)))
                    .isInstanceOf(ApiException.Forbidden.class).hasMessageContaining("being terminated");

            await().atMost(30, TimeUnit.SECONDS).until(() -> client.get(Namespace.class, null, "team").isEmpty());
            assertThat(client.list(Pod.class, "team").items()).isEmpty();
            assertThat(client.list(ConfigMap.class, "team").items()).isEmpty();
            assertThat(client.list(Service.class, "team").items()).isEmpty();
            assertThat(client.list(dev.skiff.api.Endpoints.class, "team").items()).isEmpty();
        }
    }

    @Test
    void builtInNamespacesCannotBeDeleted() {
        try (TestCluster c = TestCluster.start(Backend.ETCD, TestCluster.fastConfig(), Engine.builtIn())) {
            Client client = c.client();
            await().atMost(20, TimeUnit.SECONDS).until(() -> client.get(Namespace.class, null, "default").isPresent());
            assertThatThrownBy(() -> client.delete(Namespace.class, null, "default"))
                    .isInstanceOf(ApiException.Forbidden.class)
                    .hasMessage("namespaces \"default\" is forbidden: this namespace may not be deleted (it is built in)");
            assertThatThrownBy(() -> client.delete(Namespace.class, null, "skiff-system"))
                    .isInstanceOf(ApiException.Forbidden.class);
            assertThat(client.require(Namespace.class, null, "default").metadata().deletionTimestamp()).isNull();
        }
    }
}
