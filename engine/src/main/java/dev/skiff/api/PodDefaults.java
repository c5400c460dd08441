package dev.skiff.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Pod spec defaulting, shared by pods and the templates of ReplicaSets and Deployments. */
final class PodDefaults {

    /** 0644, Kubernetes' default mode for projected ConfigMap/Secret files. */
    static final int DEFAULT_MODE = 420;

    private PodDefaults() {
    }

    static PodSpec spec(PodSpec s) {
        return new PodSpec(volumes(s.volumes()), containers(s.initContainers()), containers(s.containers()),
                Defaults.or(s.restartPolicy(), RestartPolicy.ALWAYS),
                Defaults.or(s.terminationGracePeriodSeconds(), 30L), Defaults.or(s.dnsPolicy(), "ClusterFirst"),
                s.nodeSelector(), s.serviceAccountName(), s.nodeName(), s.hostname(), s.subdomain(),
                s.affinity(), Defaults.or(s.schedulerName(), Defaults.DEFAULT_SCHEDULER), s.tolerations(),
                s.priorityClassName(), s.priority(), Defaults.or(s.enableServiceLinks(), Boolean.TRUE));
    }

    /**
     * As SetDefaults_Pod: a container that sets a limit but no request for a resource requests its
     * limit. Pods only, never templates, so a template's manifest is stored as written.
     */
    static PodSpec requestsFromLimits(PodSpec s) {
        return s.withContainers(requestsFromLimits(s.initContainers()), requestsFromLimits(s.containers()));
    }

    private static List<Container> requestsFromLimits(List<Container> cs) {
        return cs == null ? null : cs.stream().map(PodDefaults::requestFromLimit).toList();
    }

    private static Container requestFromLimit(Container c) {
        ResourceRequirements r = c.resources();
        if (r == null || r.limits() == null || r.limits().isEmpty()) {
            return c;
        }
        Map<String, Quantity> requests = r.requests() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(r.requests());
        r.limits().forEach(requests::putIfAbsent);
        return c.withResources(new ResourceRequirements(r.limits(), requests));
    }

    private static List<Container> containers(List<Container> cs) {
        return cs == null ? null : cs.stream().map(PodDefaults::container).toList();
    }

    private static Container container(Container c) {
        List<ContainerPort> ports = c.ports() == null ? null : c.ports().stream()
                .map(p -> new ContainerPort(p.name(), p.containerPort(), p.hostPort(),
                        Defaults.or(p.protocol(), Protocol.TCP), p.hostIP()))
                .toList();
        return c.withPorts(ports)
                .withProbes(probe(c.livenessProbe()), probe(c.readinessProbe()), probe(c.startupProbe()))
                .withImagePullPolicy(Defaults.or(c.imagePullPolicy(), pullPolicy(c.image())));
    }

    private static Probe probe(Probe p) {
        if (p == null) {
            return null;
        }
        Probe withNumbers = p.withDefaults();
        HttpGetAction h = p.httpGet();
        if (h == null) {
            return withNumbers;
        }
        HttpGetAction http = new HttpGetAction(Defaults.or(h.path(), "/"), h.port(), h.host(),
                Defaults.or(h.scheme(), "HTTP"), h.httpHeaders());
        return new Probe(p.exec(), http, p.tcpSocket(), withNumbers.initialDelaySeconds(),
                withNumbers.timeoutSeconds(), withNumbers.periodSeconds(), withNumbers.successThreshold(),
                withNumbers.failureThreshold());
    }

    /** Always for {@code :latest} or an untagged image, else IfNotPresent (digests included). */
    static ImagePullPolicy pullPolicy(String image) {
        if (image == null || image.isEmpty()) {
            return null; // process-runtime containers have only a command; nothing to pull
        }
        if (image.contains("@")) {
            return ImagePullPolicy.IF_NOT_PRESENT;
        }
        String last = image.substring(image.lastIndexOf('/') + 1);
        int colon = last.indexOf(':');
        boolean latest = colon < 0 || last.substring(colon + 1).equals("latest");
        return latest ? ImagePullPolicy.ALWAYS : ImagePullPolicy.IF_NOT_PRESENT;
    }

    private static List<Volume> volumes(List<Volume> vs) {
        return vs == null ? null : vs.stream().map(PodDefaults::volume).toList();
    }

    private static Volume volume(Volume v) {
        ConfigMapVolumeSource cm = v.configMap() == null ? null : new ConfigMapVolumeSource(v.configMap().name(),
                v.configMap().items(), Defaults.or(v.configMap().defaultMode(), DEFAULT_MODE), v.configMap().optional());
        SecretVolumeSource sec = v.secret() == null ? null : new SecretVolumeSource(v.secret().secretName(),
                v.secret().items(), Defaults.or(v.secret().defaultMode(), DEFAULT_MODE), v.secret().optional());
        return new Volume(v.name(), v.emptyDir(), v.hostPath(), cm, sec, v.gitRepo(), v.nfs(),
                v.persistentVolumeClaim(), v.gcePersistentDisk(), v.awsElasticBlockStore(), v.flocker(),
                v.glusterfs(), v.rbd(), v.iscsi(), v.projected(), v.downwardAPI(), v.csi());
    }
}
