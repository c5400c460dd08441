package dev.skiff.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KindsTest {

    @ParameterizedTest
    @ValueSource(strings = {"deployment", "deployments", "deploy", "deployments.apps", "Deployment",
            "DEPLOY", "deployment.apps", "deployments.v1.apps"})
    void deploymentByEveryKubectlName(String name) {
        assertThat(Kinds.resolve(name)).map(KindInfo::type).contains(Deployment.class);
    }

    @Test
    void shortNamesAndScopesAreKubernetes() {
        assertThat(Kinds.resolve("rs").orElseThrow().resource()).isEqualTo("replicasets.apps");
        assertThat(Kinds.resolve("po").orElseThrow().resource()).isEqualTo("pods");
        assertThat(Kinds.resolve("svc").orElseThrow().kind()).isEqualTo("Service");
        assertThat(Kinds.resolve("ep").orElseThrow().kind()).isEqualTo("Endpoints");
        assertThat(Kinds.resolve("quota").orElseThrow().kind()).isEqualTo("ResourceQuota");
        assertThat(Kinds.resolve("limits").orElseThrow().kind()).isEqualTo("LimitRange");
        assertThat(Kinds.resolve("ev").orElseThrow().kind()).isEqualTo("Event");
        assertThat(Kinds.resolve("cm").orElseThrow().kind()).isEqualTo("ConfigMap");
        assertThat(Kinds.resolve("no").orElseThrow().namespaced()).isFalse();
        assertThat(Kinds.resolve("ns").orElseThrow().namespaced()).isFalse();
        assertThat(Kinds.resolve("secrets").orElseThrow().namespaced()).isTrue();
        assertThat(Kinds.resolve("pods.apps")).isEmpty();
        assertThat(builtIn()).hasSize(12);
    }

    @Test
    void lookupsByClassAndByApiVersionAndKind() {
        assertThat(Kinds.of(ReplicaSet.class).orElseThrow().apiVersion()).isEqualTo("apps/v1");
        assertThat(Kinds.of(Pod.class).orElseThrow().apiVersion()).isEqualTo("v1");
        assertThat(Kinds.ofKind("apps/v1", "Deployment")).map(KindInfo::type).contains(Deployment.class);
        assertThat(Kinds.ofKind("v1", "Deployment")).isEmpty();
    }

    @Test
    void suggestsNearestNames() {
        assertThat(Kinds.suggest("deploymnet")).first().isEqualTo("deployment");
        assertThat(Kinds.suggest("pdos")).contains("pods");
        assertThat(Kinds.suggest("zzzzzzzzzz")).isEmpty();
    }

    @Test
    void laterModulesRegisterKindsAndNamesCannotBeStolen() {
        KindInfo chaos = new KindInfo("TestChaos", "chaos.skiff.dev", "v1alpha1", "testchaoses", null,
                List.of("tch"), true, TestChaos.class);
        Kinds.register(chaos);
        Kinds.register(chaos); // idempotent
        Kinds.register(new KindInfo("TestChaos", "chaos.skiff.dev", "v1alpha1", "testchaoses", null,
                List.of("tch"), true, TestChaos.class)); // an equal info too
        assertThat(Kinds.all()).filteredOn(k -> k.type() == TestChaos.class).hasSize(1);
        assertThat(Kinds.resolve("testchaoses.chaos.skiff.dev")).contains(chaos);
        assertThat(Kinds.resolve("tch").orElseThrow().apiVersion()).isEqualTo("chaos.skiff.dev/v1alpha1");
        KindInfo thief = new KindInfo("Thief", "x.dev", "v1", "thieves", null, List.of("po"), true, Pod.class);
        assertThatThrownBy(() -> Kinds.register(thief)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot register kind Thief: name \"po\" already belongs to pods");
        assertThat(Kinds.resolve("thieves")).isEmpty();
        assertThat(Kinds.of(TestChaos.class)).contains(chaos);
    }

    /** The Kubernetes kinds; other tests may have registered more in this JVM. */
    static List<KindInfo> builtIn() {
        return Kinds.all().stream().filter(k -> k.group().isEmpty() || k.group().equals("apps")).toList();
    }

    record TestChaos(String apiVersion, String kind, ObjectMeta metadata) implements Resource {
        @Override
        public TestChaos withMetadata(ObjectMeta m) {
            return new TestChaos(apiVersion, kind, m);
        }
    }
}
