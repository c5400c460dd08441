package dev.skiff.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidationTest {

    private static final Map<String, String> WEB = Map.of("app", "web");

    private static Deployment deployment(PodSpec podSpec, DeploymentStrategy strategy) {
        return Deployment.of(ObjectMeta.named("web"), new DeploymentSpec(2, LabelSelector.of(WEB),
                new PodTemplateSpec(ObjectMeta.EMPTY.withLabels(WEB), podSpec), strategy, null, null, null, null));
    }

    private static Pod pod(Container... containers) {
        return Pod.of(ObjectMeta.named("p"), PodSpec.of(containers));
    }

    private static Map<String, String> errors(Resource r) {
        return Validation.validate(r).stream().collect(java.util.stream.Collectors.toMap(
                FieldError::path, FieldError::message, (a, b) -> a + " | " + b));
    }

    @Test
    void realisticObjectsAreValid() throws IOException {
        for (String f : List.of("pod-full.yaml", "deployment-full.yaml", "others-full.yaml")) {
            for (var doc : RoundTripTest.documents(f)) {
                Resource r = Json.resourceFromTree(doc);
                assertThat(Validation.validate(r)).as(r.kind()).isEmpty();
                assertThat(Validation.validate(Defaults.apply(r))).as("defaulted " + r.kind()).isEmpty();
            }
        }
    }

    @Test
    void namesStateTheRule() {
        assertThat(errors(Namespace.of(ObjectMeta.named("Web_1"), null))).containsEntry("metadata.name",
                "\"Web_1\" is not a valid name: lowercase letters, digits and '-', starting and ending with a letter"
                        + " or digit, at most 63 characters");
        assertThat(errors(ConfigMap.of(ObjectMeta.named("Web_1"), null))).containsEntry("metadata.name",
                "\"Web_1\" is not a valid name: lowercase letters, digits, '-' and '.', starting and ending with a"
                        + " letter or digit, at most 253 characters");
        assertThat(errors(Service.of(ObjectMeta.named("1web"), null))).containsKey("metadata.name");
        assertThat(errors(ConfigMap.of(ObjectMeta.EMPTY, null))).containsEntry("metadata.name",
                "required: set metadata.name (or metadata.generateName)");
        assertThat(errors(ConfigMap.of(new ObjectMeta(null, "web-", null, null, null, null, null, null, null,
                null, null, null, null), null))).isEmpty();
    }

    @Test
    void namespaceScope() {
        assertThat(errors(Node.of(ObjectMeta.named("shop", "pi-1"), null)))
                .containsEntry("metadata.namespace", "Node is cluster-scoped: remove the namespace");
        assertThat(errors(ConfigMap.of(ObjectMeta.named("web"), null))).isEmpty();
        assertThat(errors(ConfigMap.of(ObjectMeta.named("Shop", "web"), null))).containsKey("metadata.namespace");
    }

    @Test
    void labelsAndTypeMeta() {
        ConfigMap cm = ConfigMap.of(ObjectMeta.named("c").withLabels(Map.of("bad key!", "v", "ok", "-x")), null);
        Map<String, String> e = errors(cm);
        assertThat(e).containsKeys("metadata.labels[bad key!]", "metadata.labels[ok]");
        Deployment wrong = new Deployment("apps/v1beta1", "Deployment", ObjectMeta.named("d"), null, null);
        assertThat(errors(wrong)).containsEntry("apiVersion",
                "\"apps/v1beta1\" is not supported for Deployment: use apiVersion: apps/v1");
    }

    @Test
    void selectorMustMatchTemplate() {
        Deployment d = Deployment.of(ObjectMeta.named("web"), new DeploymentSpec(1, LabelSelector.of(WEB),
                new PodTemplateSpec(ObjectMeta.EMPTY.withLabels(Map.of("app", "api")),
                        PodSpec.of(Container.of("c", "nginx:1"))), null, null, null, null, null));
        assertThat(errors(d).get("spec.selector")).contains("does not match template labels");
        Deployment negative = deployment(PodSpec.of(Container.of("c", "i:1")), null).withSpec(
                deployment(PodSpec.of(Container.of("c", "i:1")), null).spec().withReplicas(-1));
        assertThat(errors(negative)).containsEntry("spec.replicas", "-1 is invalid: must be 0 or more");
    }

    @Test
    void maxSurgeAndMaxUnavailableMayNotBothBeZero() {
        DeploymentStrategy zero = new DeploymentStrategy(DeploymentStrategyType.ROLLING_UPDATE,
                new RollingUpdateDeployment(IntOrString.of(0), IntOrString.of("0%")));
        assertThat(errors(deployment(PodSpec.of(Container.of("c", "i:1")), zero)))
                .containsEntry("spec.strategy.rollingUpdate.maxUnavailable", "may not be 0 when maxSurge is 0:"
                        + " the rollout could never progress; set one of them above 0");
        DeploymentStrategy odd = new DeploymentStrategy(DeploymentStrategyType.ROLLING_UPDATE,
                new RollingUpdateDeployment(IntOrString.of("120%"), IntOrString.of("lots")));
        assertThat(errors(deployment(PodSpec.of(Container.of("c", "i:1")), odd)))
                .containsKeys("spec.strategy.rollingUpdate.maxUnavailable", "spec.strategy.rollingUpdate.maxSurge");
    }

    @Test
    void containerRulesWithFullPaths() {
        ContainerPort p8080 = new ContainerPort("http", 8080, null, null, null);
        Container a = Container.of("web", "nginx:1").withPorts(List.of(p8080,
                new ContainerPort("http", 70000, null, null, null)));
        Container b = Container.of("web", null).withPorts(List.of(new ContainerPort("HTTP_port", 8080, null,
                Protocol.TCP, null)));
        Map<String, String> e = errors(deployment(new PodSpec(null, null, List.of(a, b), null, null, null, null,
                null, null, null, null, null, null, null, null, null, null), null));
        assertThat(e).containsEntry("spec.template.spec.containers[0].ports[1].containerPort",
                "70000 is not a valid port: must be between 1 and 65535");
        assertThat(e.get("spec.template.spec.containers[0].ports[1].name")).contains("duplicate port name \"http\"");
        assertThat(e).containsEntry("spec.template.spec.containers[1].name",
                "duplicate container name \"web\": container names must be unique within a pod");
        assertThat(e).containsEntry("spec.template.spec.containers[1]",
                "needs an image (e.g. image: busybox:1.36) or a command (run by the process runtime)");
        assertThat(e.get("spec.template.spec.containers[1].ports[0].containerPort"))
                .startsWith("duplicate port 8080/TCP (also at spec.template.spec.containers[0].ports[0])");
        assertThat(e.get("spec.template.spec.containers[1].ports[0].name")).startsWith("\"HTTP_port\" is not a valid port name");
    }

    @Test
    void probesResourcesEnvAndMounts() {
        Probe bad = new Probe(null, new HttpGetAction("/", null, null, null, null), null, null, 0, 0, 2, null);
        Container c = new Container("c", "i:1", null, null, null, null, null,
                List.of(new EnvVar("1BAD", null, null), new EnvVar("OK", "x",
                        new EnvVarSource(null, null, new ObjectFieldSelector("spec.magic", null)))),
                new ResourceRequirements(Map.of("cpu", Quantity.parse("1")), Map.of("cpu", Quantity.parse("2"),
                        "cpus", Quantity.parse("1"))),
                List.of(new VolumeMount("data", "rel/path", null, null)), bad, null, null, null);
        Map<String, String> e = errors(pod(c));
        assertThat(e).containsEntry("spec.containers[0].livenessProbe.httpGet.port",
                "required: a port number or a container port name");
        assertThat(e).containsEntry("spec.containers[0].livenessProbe.timeoutSeconds", "0 is invalid: must be at least 1");
        assertThat(e).containsEntry("spec.containers[0].livenessProbe.successThreshold",
                "must be 1 for liveness and startup probes");
        assertThat(e).containsEntry("spec.containers[0].resources.requests[cpu]",
                "request 2 exceeds limit 1: lower the request or raise the limit");
        assertThat(e).containsKey("spec.containers[0].resources.requests[cpus]");
        assertThat(e.get("spec.containers[0].env[0].name")).startsWith("\"1BAD\" is not a valid environment variable name");
        assertThat(e).containsKeys("spec.containers[0].env[1]", "spec.containers[0].env[1].valueFrom.fieldRef.fieldPath");
        assertThat(e).containsEntry("spec.containers[0].volumeMounts[0].name", "no volume named \"data\": add it under spec.volumes");
        assertThat(e).containsKey("spec.containers[0].volumeMounts[0].mountPath");
    }

    @Test
    void refusedVolumeTypesAreNamed() throws IOException {
        Pod p = Json.fromYaml("""
                metadata: {name: p}
                spec:
                  containers: [{name: c, image: "i:1"}]
                  volumes:
                  - name: data
                    persistentVolumeClaim: {claimName: data}
                  - name: none
                """, Pod.class);
        Map<String, String> e = errors(p);
        assertThat(e).containsEntry("spec.volumes[0]", "persistentVolumeClaim volumes are not supported;"
                + " use one of emptyDir, hostPath, configMap, secret, gitRepo, nfs");
        assertThat(e).containsEntry("spec.volumes[1]",
                "no volume source: set one of emptyDir, hostPath, configMap, secret, gitRepo, nfs");
    }

    @Test
    void servicePorts() {
        ServiceSpec spec = new ServiceSpec(List.of(
                new ServicePort("http", null, 0, IntOrString.of("HTTP_port"), 80),
                new ServicePort(null, null, 443, IntOrString.of(8443), null)),
                Map.of("app", "web"), "10.0.0.999", null, ServiceType.NODE_PORT, null, null, null, null);
        Map<String, String> e = errors(Service.of(ObjectMeta.named("web"), spec));
        assertThat(e).containsEntry("spec.ports[0].port", "0 is not a valid port: must be between 1 and 65535");
        assertThat(e).containsEntry("spec.ports[0].nodePort", "80 is outside the NodePort range 30000-32767:"
                + " pick a port in the range or leave it empty to have one allocated");
        assertThat(e.get("spec.ports[0].targetPort")).startsWith("\"HTTP_port\" is not a valid port name");
        assertThat(e).containsEntry("spec.ports[1].name", "required: services with several ports must name each port");
        assertThat(e).containsKey("spec.clusterIP");
        ServiceSpec clusterIpWithNodePort = new ServiceSpec(List.of(new ServicePort(null, null, 80, null, 30080)),
                null, "None", null, null, null, null, null, null);
        assertThat(errors(Service.of(ObjectMeta.named("web"), clusterIpWithNodePort)))
                .containsEntry("spec.ports[0].nodePort", "may only be set when type is NodePort or LoadBalancer");
    }

    @Test
    void configKeysAndSecretData() {
        ConfigMap cm = ConfigMap.of(ObjectMeta.named("c"), Map.of("my key", "v", "ok.txt", ""));
        assertThat(errors(cm)).containsOnlyKeys("data[my key]");
        Secret s = new Secret(null, null, ObjectMeta.named("s"), "Opaque", Map.of("pw", "not base64!"), null, null);
        assertThat(errors(s)).containsEntry("data[pw]",
                "not valid base64: encode the value (base64 -w0) or put plain text under stringData");
    }

    @Test
    void nodesQuotasAndLimitRanges() {
        Node n = Node.of(ObjectMeta.named("pi-1"), new NodeSpec(null, null, null, List.of(
                new Taint("k", "v", TaintEffect.NO_SCHEDULE, null), new Taint("k", "w", TaintEffect.NO_SCHEDULE, null))));
        assertThat(errors(n)).containsKey("spec.taints[1]");
        ResourceQuota q = ResourceQuota.of(ObjectMeta.named("q"), new ResourceQuotaSpec(
                Map.of("gpus", Quantity.parse("1")), null));
        assertThat(errors(q).get("spec.hard[gpus]")).startsWith("unsupported resource \"gpus\"");
        LimitRange lr = LimitRange.of(ObjectMeta.named("l"), new LimitRangeSpec(List.of(new LimitRangeItem(
                LimitType.CONTAINER, Map.of("cpu", Quantity.parse("1")), Map.of("cpu", Quantity.parse("2")),
                null, null, null))));
        assertThat(errors(lr)).containsEntry("spec.limits[0].min[cpu]",
                "min 2 is more than max 1: it must be less than or equal");
    }
}
