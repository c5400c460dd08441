package dev.skiff.api;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates the containers of one pod, remembering names and ports across them: pods share
 * their node's network (DESIGN 5), so two containers of a pod may not declare the same port.
 */
final class ContainerCheck {

    private static final Set<String> FIELD_PATHS = Set.of("metadata.name", "metadata.namespace", "metadata.uid",
            "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.podIP", "status.podIPs");

    private final Set<String> names;
    private final Set<String> volumes;
    private final Map<String, String> ports;
    private final Set<String> portNames;
    private final Problems p;

    ContainerCheck(Set<String> names, Set<String> volumes, Map<String, String> ports, Set<String> portNames,
                   Problems p) {
        this.names = names;
        this.volumes = volumes;
        this.ports = ports;
        this.portNames = portNames;
        this.p = p;
    }

    void container(Container c, String at, boolean init) {
        if (p.required(at + ".name", c.name(), "every container needs a name")) {
            p.add(at + ".name", Names.dnsLabel("container name", c.name()));
            if (!names.add(c.name())) {
                p.add(at + ".name", "duplicate container name \"" + c.name()
                        + "\": container names must be unique within a pod");
            }
        }
        boolean hasImage = c.image() != null && !c.image().isBlank();
        boolean hasCommand = c.command() != null && !c.command().isEmpty();
        if (!hasImage && !hasCommand) {
            p.add(at, "needs an image (e.g. image: busybox:1.36) or a command (run by the process runtime)");
        }
        ports(c.portsOrEmpty(), at + ".ports");
        env(c.envOrEmpty(), at + ".env");
        envFrom(c.envFrom(), at + ".envFrom");
        ResourceCheck.requirements(c.resources(), at + ".resources", p);
        mounts(c.volumeMounts(), at + ".volumeMounts");
        ProbeCheck.probe(c.livenessProbe(), at + ".livenessProbe", true, p);
        ProbeCheck.probe(c.readinessProbe(), at + ".readinessProbe", false, p);
        ProbeCheck.probe(c.startupProbe(), at + ".startupProbe", true, p);
        if (init && (c.livenessProbe() != null || c.readinessProbe() != null || c.startupProbe() != null)) {
            p.add(at, "init containers may not have probes: they run to completion before the pod starts");
        }
    }

    private void ports(List<ContainerPort> list, String path) {
        for (int i = 0; i < list.size(); i++) {
            ContainerPort port = list.get(i);
            String at = path + "[" + i + "]";
            if (p.required(at + ".containerPort", port.containerPort(), "the port number the container listens on")) {
                p.port(at + ".containerPort", port.containerPort());
                String key = port.containerPort() + "/" + (port.protocol() == null ? Protocol.TCP : port.protocol());
                String previous = ports.putIfAbsent(key, at);
                if (previous != null) {
                    p.add(at + ".containerPort", "duplicate port " + key + " (also at " + previous
                            + "): containers of a pod share the node's network");
                }
            }
            if (port.hostPort() != null && port.hostPort() != 0) {
                p.port(at + ".hostPort", port.hostPort());
            }
            if (port.name() != null && !port.name().isEmpty()) {
                p.add(at + ".name", Names.portName(port.name()));
                if (!portNames.add(port.name())) {
                    p.add(at + ".name", "duplicate port name \"" + port.name()
                            + "\": port names must be unique within a pod");
                }
            }
        }
    }

    private void env(List<EnvVar> list, String path) {
        for (int i = 0; i < list.size(); i++) {
            EnvVar e = list.get(i);
            String at = path + "[" + i + "]";
            if (p.required(at + ".name", e.name(), "the variable name")) {
                p.add(at + ".name", Names.envVarName(e.name()));
            }
            if (e.valueFrom() == null) {
                continue;
            }
            if (e.value() != null && !e.value().isEmpty()) {
                p.add(at, "value and valueFrom are exclusive: keep one");
            }
            valueFrom(e.valueFrom(), at + ".valueFrom");
        }
    }

    private void valueFrom(EnvVarSource s, String at) {
        int sources = (s.configMapKeyRef() == null ? 0 : 1) + (s.secretKeyRef() == null ? 0 : 1)
                + (s.fieldRef() == null ? 0 : 1);
        if (sources != 1) {
            p.add(at, "set exactly one of configMapKeyRef, secretKeyRef, fieldRef");
        }
        keyRef(s.configMapKeyRef(), at + ".configMapKeyRef");
        keyRef(s.secretKeyRef(), at + ".secretKeyRef");
        if (s.fieldRef() != null && p.required(at + ".fieldRef.fieldPath", s.fieldRef().fieldPath(), "e.g. metadata.name")) {
            String f = s.fieldRef().fieldPath();
            boolean ok = FIELD_PATHS.contains(f) || f.matches("metadata\\.(labels|annotations)\\['[^']+'\\]");
            if (!ok) {
                p.add(at + ".fieldRef.fieldPath", "\"" + f + "\" is not supported: use one of "
                        + PodValidation.names(FIELD_PATHS) + ", metadata.labels['<key>'], metadata.annotations['<key>']");
            }
        }
    }

    private void keyRef(KeySelector k, String at) {
        if (k != null) {
            p.required(at + ".name", k.name(), "the name of the object holding the key");
            if (p.required(at + ".key", k.key(), "the key to read")) {
                p.add(at + ".key", Names.configKey(k.key()));
            }
        }
    }

    private void envFrom(List<EnvFromSource> list, String path) {
        for (int i = 0; list != null && i < list.size(); i++) {
            EnvFromSource e = list.get(i);
            String at = path + "[" + i + "]";
            if ((e.configMapRef() == null) == (e.secretRef() == null)) {
                p.add(at, "set exactly one of configMapRef, secretRef");
            }
            if (e.prefix() != null && !e.prefix().isEmpty()) {
                p.add(at + ".prefix", Names.envVarName(e.prefix()));
            }
        }
    }

    private void mounts(List<VolumeMount> list, String path) {
        Set<String> paths = Validation.seen();
        for (int i = 0; list != null && i < list.size(); i++) {
            VolumeMount m = list.get(i);
            String at = path + "[" + i + "]";
            if (p.required(at + ".name", m.name(), "the volume to mount") && !volumes.contains(m.name())) {
                p.add(at + ".name", "no volume named \"" + m.name() + "\": add it under spec.volumes"
                        + (volumes.isEmpty() ? "" : " (volumes: " + PodValidation.names(volumes) + ")"));
            }
            if (p.required(at + ".mountPath", m.mountPath(), "where the volume appears in the container")) {
                PodValidation.absolute(at + ".mountPath", m.mountPath(), p);
                Validation.unique(paths, m.mountPath(), at + ".mountPath", "mount path", p);
            }
        }
    }
}
