package dev.skiff.agent;

import dev.skiff.api.ConfigMap;
import dev.skiff.api.Container;
import dev.skiff.api.EnvFromSource;
import dev.skiff.api.EnvVar;
import dev.skiff.api.KeySelector;
import dev.skiff.api.Pod;
import dev.skiff.api.Secret;
import dev.skiff.api.Service;
import dev.skiff.client.Client;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A container's environment as Kubernetes builds it: envFrom first, then env in order (a later
 * value may refer to an earlier one as {@code $(NAME)}); command and args expanded the same way.
 */
final class EnvResolver {
    private final Client client;

    EnvResolver(Client client) {
        this.client = client;
    }

    /** A reason the pod cannot start yet (Kubernetes: CreateContainerConfigError). */
    static final class ConfigError extends RuntimeException {
        ConfigError(String message) {
            super(message);
        }
    }

    Map<String, String> resolve(Pod pod, Container c, String nodeAddress, Map<String, String> base) {
        // service variables first: anything the pod defines overrides them, and $(X_SERVICE_HOST) expands (as the kubelet)
        var env = new LinkedHashMap<>(ServiceEnv.forPod(pod, services(pod)));
        env.putAll(base);
        for (var from : c.envFrom() == null ? List.<EnvFromSource>of() : c.envFrom()) envFrom(pod, from, env);
        for (EnvVar v : c.envOrEmpty()) {
            String value = v.valueFrom() == null ? expand(v.value() == null ? "" : v.value(), env)
                    : valueFrom(pod, v, nodeAddress);
            if (value != null) env.put(v.name(), value);
        }
        return env;
    }

    private void envFrom(Pod pod, EnvFromSource from, Map<String, String> env) {
        String prefix = from.prefix() == null ? "" : from.prefix();
        if (from.configMapRef() != null) {
            var ref = from.configMapRef();
            configMap(pod, ref.name(), Boolean.TRUE.equals(ref.optional()))
                    .ifPresent(cm -> data(cm).forEach((k, v) -> env.put(prefix + k, v)));
        }
        if (from.secretRef() != null) {
            var ref = from.secretRef();
            secret(pod, ref.name(), Boolean.TRUE.equals(ref.optional()))
                    .ifPresent(s -> data(s).forEach((k, v) -> env.put(prefix + k, v)));
        }
    }

    private String valueFrom(Pod pod, EnvVar v, String nodeAddress) {
        var src = v.valueFrom();
        if (src.fieldRef() != null) return field(pod, src.fieldRef().fieldPath(), nodeAddress);
        if (src.configMapKeyRef() != null) return key(pod, v, src.configMapKeyRef(), true);
        if (src.secretKeyRef() != null) return key(pod, v, src.secretKeyRef(), false);
        return "";
    }

    private String key(Pod pod, EnvVar v, KeySelector ref, boolean configMap) {
        boolean optional = Boolean.TRUE.equals(ref.optional());
        var data = configMap ? configMap(pod, ref.name(), optional).map(EnvResolver::data)
                : secret(pod, ref.name(), optional).map(EnvResolver::data);
        if (data.isEmpty()) return null;
        var value = data.get().get(ref.key());
        if (value == null && !optional) {
            throw new ConfigError("couldn't find key " + ref.key() + " in " + (configMap ? "ConfigMap " : "Secret ")
                    + pod.namespace() + "/" + ref.name() + " (env " + v.name() + ")");
        }
        return value;
    }

    private static String field(Pod pod, String path, String nodeAddress) {
        return switch (path) {
            case "metadata.name" -> pod.name();
            case "metadata.namespace" -> pod.namespace();
            case "metadata.uid" -> pod.metadata().uid();
            case "spec.nodeName" -> pod.spec().nodeName();
            case "status.podIP", "status.hostIP" -> nodeAddress;
            default -> {
                if (path.startsWith("metadata.labels['")) yield pod.metadata().labelsOrEmpty().get(bracketKey(path));
                if (path.startsWith("metadata.annotations['")) yield pod.metadata().annotationsOrEmpty().get(bracketKey(path));
                throw new ConfigError("unsupported fieldRef " + path + ": use metadata.name, metadata.namespace, "
                        + "metadata.uid, spec.nodeName, status.podIP or status.hostIP");
            }
        };
    }

    private static String bracketKey(String path) {
        return path.substring(path.indexOf("['") + 2, path.lastIndexOf("']"));
    }

    private List<Service> services(Pod pod) {
        if (pod.spec() != null && Boolean.FALSE.equals(pod.spec().enableServiceLinks())) return List.of();
        return client.list(Service.class, pod.namespace()).items();
    }

    private Optional<ConfigMap> configMap(Pod pod, String name, boolean optional) {
        var cm = client.get(ConfigMap.class, pod.namespace(), name);
        if (cm.isEmpty() && !optional) throw new ConfigError("configmap \"" + name + "\" not found");
        return cm;
    }

    private Optional<Secret> secret(Pod pod, String name, boolean optional) {
        var s = client.get(Secret.class, pod.namespace(), name);
        if (s.isEmpty() && !optional) throw new ConfigError("secret \"" + name + "\" not found");
        return s;
    }

    private static Map<String, String> data(ConfigMap cm) {
        return cm.data() == null ? Map.of() : cm.data();
    }

    private static Map<String, String> data(Secret s) {
        var out = new LinkedHashMap<String, String>();
        if (s.data() != null) s.data().keySet().forEach(k -> out.put(k, new String(s.decoded(k).orElseThrow(), StandardCharsets.UTF_8)));
        if (s.stringData() != null) out.putAll(s.stringData());
        return out;
    }

    static List<String> expandAll(List<String> words, Map<String, String> env) {
        if (words == null) return List.of();
        var out = new ArrayList<String>(words.size());
        for (var w : words) out.add(expand(w, env));
        return out;
    }

    /** Kubernetes' $(VAR) expansion: known names are replaced, $$ escapes, unknown references stay as written. */
    static String expand(String s, Map<String, String> env) {
        var out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char ch = s.charAt(i);
            if (ch == '$' && i + 1 < s.length()) {
                char next = s.charAt(i + 1);
                if (next == '$') {
                    out.append('$');
                    i += 2;
                    continue;
                }
                int close = s.indexOf(')', i + 2);
                if (next == '(' && close > 0) {
                    var name = s.substring(i + 2, close);
                    out.append(env.containsKey(name) ? env.get(name) : s.substring(i, close + 1));
                    i = close + 1;
                    continue;
                }
            }
            out.append(ch);
            i++;
        }
        return out.toString();
    }
}
