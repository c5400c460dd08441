package dev.skiff.controllers.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.ConfigMap;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.OwnerReference;
import dev.skiff.api.Pod;
import dev.skiff.client.Client;
import dev.skiff.client.DeleteOptions;
import dev.skiff.client.DeleteOptions.Propagation;
import dev.skiff.controllers.TestCluster;
import dev.skiff.controllers.TestCluster.Backend;
import dev.skiff.engine.Engine;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ConfigMaps and pods stand in for owners and dependents: no other controller manages them, and
 * garbage collection works the same for every kind.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GarbageCollectorIT {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void backgroundDeletionRemovesDependentsOfAGoneOwner(Backend backend) {
        try (TestCluster c = TestCluster.start(backend, TestCluster.fastConfig(), Engine.builtIn())) {
            Client client = c.client();
            ConfigMap owner = client.create(configMap("owner", null, null));
            client.create(configMap("dep-1", List.of(ref(owner, true)), null));
            client.create(TestCluster.pod("default", "dep-pod", null, null).withMetadata(
                    TestCluster.pod("default", "dep-pod", null, null).metadata().withOwnerReferences(List.of(ref(owner, true)))));
            // a grandchild goes with its parent
            ConfigMap dep2 = client.create(configMap("dep-2", List.of(ref(owner, false)), null));
            client.create(configMap("grandchild", List.of(ref(dep2, false)), null));
            // a reference to an owner that never existed under that uid is garbage too
            client.create(configMap("stale", List.of(new OwnerReference("v1", "ConfigMap", "owner", "not-the-uid", null, null)), null));
            ConfigMap other = client.create(configMap("other-owner", null, null));
            // with one live owner left, only the dangling reference goes
            client.create(configMap("shared", List.of(ref(owner, false), ref(other, false)), null));

            await().atMost(20, TimeUnit.SECONDS).until(() -> client.get(ConfigMap.class, "default", "stale").isEmpty());
            assertThat(client.get(ConfigMap.class, "default", "dep-1")).isPresent();

            client.delete(ConfigMap.class, "default", "owner");
            await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> {
                assertThat(client.get(ConfigMap.class, "default", "dep-1")).isEmpty();
                assertThat(client.get(ConfigMap.class, "default", "dep-2")).isEmpty();
                assertThat(client.get(ConfigMap.class, "default", "grandchild")).isEmpty();
                assertThat(client.get(Pod.class, "default", "dep-pod")).isEmpty();
                assertThat(client.require(ConfigMap.class, "default", "shared").metadata().ownerReferences())
                        .extracting(OwnerReference::name).containsExactly("other-owner");
            });
        }
    }

    @Test
    void foregroundDeletionWaitsForBlockingDependents() {
        try (TestCluster c = TestCluster.start(Backend.ETCD, TestCluster.fastConfig(), Engine.builtIn())) {
            Client client = c.client();
            ConfigMap owner = client.create(configMap("owner", null, null));
            // a finalizer of someone else's keeps the blocking dependent around until it is released
            client.create(configMap("blocker", List.of(ref(owner, true)), List.of("test.skiff.dev/hold")));
            client.create(configMap("plain", List.of(ref(owner, false)), null));

            client.delete(ConfigMap.class, "default", "owner", DeleteOptions.DEFAULT.withPropagation(Propagation.FOREGROUND));
            await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> {
                assertThat(client.get(ConfigMap.class, "default", "plain")).isEmpty();
                assertThat(client.require(ConfigMap.class, "default", "blocker").metadata().deletionTimestamp()).isNotNull();
            });
            ConfigMap waiting = client.require(ConfigMap.class, "default", "owner");
            assertThat(waiting.metadata().deletionTimestamp()).isNotNull();
            assertThat(waiting.metadata().finalizers()).containsExactly(GarbageCollector.FOREGROUND);

            client.modify(ConfigMap.class, "default", "blocker", cm -> cm.withMetadata(cm.metadata().withFinalizers(null)));
            await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> {
                assertThat(client.get(ConfigMap.class, "default", "blocker")).isEmpty();
                assertThat(client.get(ConfigMap.class, "default", "owner")).isEmpty();
            });
        }
    }

    @Test
    void orphanDeletionKeepsDependentsWithoutTheirOwnerReference() {
        try (TestCluster c = TestCluster.start(Backend.ETCD, TestCluster.fastConfig(), Engine.builtIn())) {
            Client client = c.client();
            ConfigMap owner = client.create(configMap("owner", null, null));
            client.create(configMap("kept", List.of(ref(owner, true)), null));

            client.delete(ConfigMap.class, "default", "owner", DeleteOptions.DEFAULT.withPropagation(Propagation.ORPHAN));
            await().atMost(20, TimeUnit.SECONDS).until(() -> client.get(ConfigMap.class, "default", "owner").isEmpty());
            ConfigMap kept = client.require(ConfigMap.class, "default", "kept");
            assertThat(kept.metadata().ownerReferences()).isNullOrEmpty();
            assertThat(kept.metadata().deletionTimestamp()).isNull();
        }
    }

    private static ConfigMap configMap(String name, List<OwnerReference> owners, List<String> finalizers) {
        ObjectMeta meta = ObjectMeta.named("default", name).withOwnerReferences(owners).withFinalizers(finalizers);
        return new ConfigMap(null, null, meta, Map.of("k", "v"), null, null);
    }

    private static OwnerReference ref(ConfigMap owner, boolean blockOwnerDeletion) {
        return new OwnerReference("v1", "ConfigMap", owner.name(), owner.metadata().uid(), null, blockOwnerDeletion);
    }
}
