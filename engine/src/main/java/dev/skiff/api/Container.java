package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** One container (or init container) of a pod, fields as Kubernetes' core/v1 Container. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Container(String name, String image, List<String> command, List<String> args,
                        String workingDir, List<ContainerPort> ports, List<EnvFromSource> envFrom,
                        List<EnvVar> env, ResourceRequirements resources, List<VolumeMount> volumeMounts,
                        Probe livenessProbe, Probe readinessProbe, Probe startupProbe,
                        ImagePullPolicy imagePullPolicy) {

    /** A container with just a name and an image, for tests and generated objects. */
    public static Container of(String name, String image) {
        return new Container(name, image, null, null, null, null, null, null, null, null, null, null,
                null, null);
    }

    public List<ContainerPort> portsOrEmpty() {
        return ports == null ? List.of() : ports;
    }

    public List<EnvVar> envOrEmpty() {
        return env == null ? List.of() : env;
    }

    public Container withPorts(List<ContainerPort> v) {
        return new Container(name, image, command, args, workingDir, v, envFrom, env, resources,
                volumeMounts, livenessProbe, readinessProbe, startupProbe, imagePullPolicy);
    }

    public Container withEnv(List<EnvVar> v) {
        return new Container(name, image, command, args, workingDir, ports, envFrom, v, resources,
                volumeMounts, livenessProbe, readinessProbe, startupProbe, imagePullPolicy);
    }

    public Container withResources(ResourceRequirements v) {
        return new Container(name, image, command, args, workingDir, ports, envFrom, env, v,
                volumeMounts, livenessProbe, readinessProbe, startupProbe, imagePullPolicy);
    }

    public Container withImage(String v) {
        return new Container(name, v, command, args, workingDir, ports, envFrom, env, resources,
                volumeMounts, livenessProbe, readinessProbe, startupProbe, imagePullPolicy);
    }

    public Container withProbes(Probe liveness, Probe readiness, Probe startup) {
        return new Container(name, image, command, args, workingDir, ports, envFrom, env, resources,
                volumeMounts, liveness, readiness, startup, imagePullPolicy);
    }

    public Container withImagePullPolicy(ImagePullPolicy v) {
        return new Container(name, image, command, args, workingDir, ports, envFrom, env, resources,
                volumeMounts, livenessProbe, readinessProbe, startupProbe, v);
    }
}
