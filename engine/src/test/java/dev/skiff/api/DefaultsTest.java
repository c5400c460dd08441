package dev.skiff.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefaultsTest {

    private static PodTemplateSpec template(Container c) {
        return new PodTemplateSpec(ObjectMeta.EMPTY.withLabels(Map.of("app", "web")), PodSpec.of(c));
    }

    @Test
    void deploymentGetsKubernetesDefaultsAlsoInItsTemplate() {
        Container c = Container.of("web", "nginx").withPorts(List.of(new ContainerPort(null, 80, null, null, null)))
                .withProbes(new Probe(null, new HttpGetAction(null, IntOrString.of(80), null, null, null),
                        null, null, null, null, null, null), null, null);
        Deployment d = Deployment.of(ObjectMeta.named("web"), new DeploymentSpec(null,
                LabelSelector.of(Map.of("app", "web")), template(c), null, null, null, null, null));

        Deployment out = Defaults.apply(d);

        assertThat(out.metadata().namespace()).isEqualTo("default");
        DeploymentSpec s = out.spec();
        assertThat(s.replicas()).isEqualTo(1);
        assertThat(s.revisionHistoryLimit()).isEqualTo(10);
        assertThat(s.progressDeadlineSeconds()).isEqualTo(600);
        assertThat(s.minReadySeconds()).isEqualTo(0);
        assertThat(s.strategy()).isEqualTo(new DeploymentStrategy(DeploymentStrategyType.ROLLING_UPDATE,
                new RollingUpdateDeployment(IntOrString.of("25%"), IntOrString.of("25%"))));
        PodSpec ps = s.template().spec();
        assertThat(ps.restartPolicy()).isEqualTo(RestartPolicy.ALWAYS);
        assertThat(ps.terminationGracePeriodSeconds()).isEqualTo(30L);
        assertThat(ps.enableServiceLinks()).isTrue();
        assertThat(ps.schedulerName()).isEqualTo("default-scheduler");
        Container dc = ps.containers().get(0);
        assertThat(dc.imagePullPolicy()).isEqualTo(ImagePullPolicy.ALWAYS);
        assertThat(dc.ports().get(0).protocol()).isEqualTo(Protocol.TCP);
        assertThat(dc.livenessProbe()).isEqualTo(new Probe(null,
                new HttpGetAction("/", IntOrString.of(80), null, "HTTP", null), null, 0, 1, 10, 1, 3));
        assertThat(Defaults.apply(out)).isEqualTo(out);
    }

    @Test
    void pullPolicyFollowsTheTag() {
        assertThat(PodDefaults.pullPolicy("nginx")).isEqualTo(ImagePullPolicy.ALWAYS);
        assertThat(PodDefaults.pullPolicy("nginx:latest")).isEqualTo(ImagePullPolicy.ALWAYS);
        assertThat(PodDefaults.pullPolicy("registry.local:5000/nginx")).isEqualTo(ImagePullPolicy.ALWAYS);
        assertThat(PodDefaults.pullPolicy("registry.local:5000/nginx:1.27")).isEqualTo(ImagePullPolicy.IF_NOT_PRESENT);
        assertThat(PodDefaults.pullPolicy("nginx@sha256:abcd")).isEqualTo(ImagePullPolicy.IF_NOT_PRESENT);
        Pod explicit = Pod.of(ObjectMeta.named("p"), PodSpec.of(Container.of("c", "nginx")
                .withImagePullPolicy(ImagePullPolicy.NEVER)));
        assertThat(Defaults.apply(explicit).spec().containers().get(0).imagePullPolicy()).isEqualTo(ImagePullPolicy.NEVER);
    }

    @Test
    void replicaSetAndRecreateStrategy() {
        ReplicaSet rs = Defaults.apply(ReplicaSet.of(ObjectMeta.named("ns1", "rs"),
                new ReplicaSetSpec(null, null, LabelSelector.of(Map.of("app", "web")), template(Container.of("c", "i:1")))));
        assertThat(rs.spec().replicas()).isEqualTo(1);
        assertThat(rs.metadata().namespace()).isEqualTo("ns1");
        assertThat(rs.spec().template().spec().containers().get(0).imagePullPolicy()).isEqualTo(ImagePullPolicy.IF_NOT_PRESENT);
        Deployment d = Defaults.apply(Deployment.of(ObjectMeta.named("d"), new DeploymentSpec(3, null, null,
                new DeploymentStrategy(DeploymentStrategyType.RECREATE, null), null, null, null, null)));
        assertThat(d.spec().strategy().rollingUpdate()).isNull();
        assertThat(d.spec().replicas()).isEqualTo(3);
    }

    @Test
    void serviceDefaults() {
        ServiceSpec spec = new ServiceSpec(List.of(new ServicePort("http", null, 80, null, null)),
                Map.of("app", "web"), null, null, null, SessionAffinity.CLIENT_IP, null, null, null);
        ServiceSpec out = Defaults.apply(Service.of(ObjectMeta.named("web"), spec)).spec();
        assertThat(out.type()).isEqualTo(ServiceType.CLUSTER_IP);
        assertThat(out.ports().get(0)).isEqualTo(new ServicePort("http", Protocol.TCP, 80, IntOrString.of(80), null));
        assertThat(out.sessionAffinityConfig().clientIP().timeoutSeconds()).isEqualTo(10800);
        ServiceSpec plain = Defaults.apply(Service.of(ObjectMeta.named("w"), new ServiceSpec(null, null, null,
                null, null, null, null, null, null))).spec();
        assertThat(plain.sessionAffinity()).isEqualTo(SessionAffinity.NONE);
        assertThat(plain.sessionAffinityConfig()).isNull();
    }

    @Test
    void clusterScopedKindsGetNoNamespaceAndSecretsGetOpaqueAndEncodedStringData() {
        assertThat(Defaults.apply(Node.of(ObjectMeta.named("pi-1"), null)).metadata().namespace()).isNull();
        assertThat(Defaults.apply(Namespace.of(ObjectMeta.named("shop"), null)).status().phase()).isEqualTo("Active");
        Secret s = Defaults.apply(Secret.of(ObjectMeta.named("s"), Map.of("password", "s3cr3t")));
        assertThat(s.type()).isEqualTo("Opaque");
        assertThat(s.stringData()).isNull();
        assertThat(s.data()).containsEntry("password", "czNjcjN0");
        assertThat(s.metadata().namespace()).isEqualTo("default");
    }

    @Test
    void limitRangeDefaultsFlowFromMaxToDefaultToDefaultRequest() {
        LimitRangeItem item = new LimitRangeItem(LimitType.CONTAINER, Map.of("cpu", Quantity.parse("2")),
                Map.of("memory", Quantity.parse("64Mi")), null, null, null);
        LimitRangeItem out = Defaults.apply(LimitRange.of(ObjectMeta.named("l"), new LimitRangeSpec(List.of(item))))
                .spec().limits().get(0);
        assertThat(out.defaultLimits()).containsEntry("cpu", Quantity.parse("2"));
        assertThat(out.defaultRequest()).containsEntry("cpu", Quantity.parse("2"))
                .containsEntry("memory", Quantity.parse("64Mi"));
    }
}
