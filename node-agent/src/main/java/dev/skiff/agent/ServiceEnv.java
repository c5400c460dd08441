package dev.skiff.agent;

import dev.skiff.api.Pod;
import dev.skiff.api.Protocol;
import dev.skiff.api.Service;
import dev.skiff.api.ServicePort;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The service environment variables a pod's containers get, in Kubernetes' exact format
 * ({@code pkg/kubelet/envvars}): {@code X_SERVICE_HOST}, {@code X_SERVICE_PORT} (first port),
 * {@code X_SERVICE_PORT_<NAME>} per named port, and the Docker-link style {@code X_PORT},
 * {@code X_PORT_<port>_<PROTO>} with {@code _PROTO}, {@code _PORT}, {@code _ADDR}. Only services of the
 * pod's namespace that existed before the pod, never headless ones; nothing when
 * {@code enableServiceLinks} is false. Pure.
 */
public final class ServiceEnv {

    private ServiceEnv() {
    }

    public static Map<String, String> forPod(Pod pod, Collection<Service> services) {
        Map<String, String> env = new LinkedHashMap<>();
        if (pod.spec() != null && Boolean.FALSE.equals(pod.spec().enableServiceLinks())) return env;
        Instant podCreated = pod.metadata().creationTimestamp();
        List<Service> visible = services.stream()
                .filter(s -> pod.namespace().equals(s.namespace()))
                .filter(s -> podCreated == null || s.metadata().creationTimestamp() == null
                        || !s.metadata().creationTimestamp().isAfter(podCreated))
                .sorted(Comparator.comparing(Service::name))
                .toList();
        for (Service s : visible) env.putAll(of(s));
        return env;
    }

    /** One service's variables, in the order the kubelet lists them; empty for a headless service. */
    public static Map<String, String> of(Service s) {
        Map<String, String> env = new LinkedHashMap<>();
        if (s.spec() == null || s.spec().headless() || s.spec().clusterIP() == null || s.spec().clusterIP().isEmpty()
                || s.spec().portsOrEmpty().isEmpty()) {
            return env;
        }
        String prefix = varName(s.name());
        String ip = s.spec().clusterIP();
        List<ServicePort> ports = s.spec().portsOrEmpty();
        env.put(prefix + "_SERVICE_HOST", ip);
        env.put(prefix + "_SERVICE_PORT", Integer.toString(ports.getFirst().port()));
        for (ServicePort p : ports) {
            if (p.name() != null && !p.name().isEmpty()) {
                env.put(prefix + "_SERVICE_PORT_" + varName(p.name()), Integer.toString(p.port()));
            }
        }
        for (int i = 0; i < ports.size(); i++) {
            ServicePort p = ports.get(i);
            String protocol = (p.protocol() == null ? Protocol.TCP : p.protocol()).wire();
            String lower = protocol.toLowerCase(Locale.ROOT);
            String url = lower + "://" + ip + ":" + p.port();
            if (i == 0) env.put(prefix + "_PORT", url);
            String portPrefix = prefix + "_PORT_" + p.port() + "_" + protocol.toUpperCase(Locale.ROOT);
            env.put(portPrefix, url);
            env.put(portPrefix + "_PROTO", lower);
            env.put(portPrefix + "_PORT", Integer.toString(p.port()));
            env.put(portPrefix + "_ADDR", ip);
        }
        return env;
    }

    static String varName(String name) {
        return name.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }
}
