package dev.skiff.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills in what Kubernetes' defaulting fills in (see REFERENCE.md), so that stored objects are
 * explicit and controllers never guess. Idempotent: applying twice changes nothing more.
 */
public final class Defaults {

    public static final String DEFAULT_NAMESPACE = "default";
    public static final String DEFAULT_SCHEDULER = "default-scheduler";
    public static final IntOrString QUARTER = IntOrString.of("25%");
    public static final int CLIENT_IP_TIMEOUT_SECONDS = 10800;

    private Defaults() {
    }

    /** The defaulted copy of any resource; kinds without defaults come back with only a namespace. */
    @SuppressWarnings("unchecked")
    public static <R extends Resource> R apply(R resource) {
        Resource r = namespace(resource);
        Resource out = switch (r) {
            case Pod p -> p.spec() == null ? p : p.withSpec(PodDefaults.requestsFromLimits(PodDefaults.spec(p.spec())));
            case ReplicaSet rs -> rs.spec() == null ? rs : rs.withSpec(replicaSet(rs.spec()));
            case Deployment d -> d.spec() == null ? d : d.withSpec(deployment(d.spec()));
            case Service s -> s.spec() == null ? s : s.withSpec(ServiceDefaults.spec(s.spec()));
            case Secret s -> secret(s);
            case Namespace n -> n.status() != null && n.status().phase() != null ? n
                    : n.withStatus(new NamespaceStatus("Active"));
            case LimitRange lr -> lr.spec() == null ? lr : LimitRange.of(lr.metadata(), limitRange(lr.spec()));
            default -> r;
        };
        return (R) out;
    }

    private static Resource namespace(Resource r) {
        boolean namespaced = Kinds.of(r.getClass()).map(KindInfo::namespaced).orElse(false);
        String ns = r.metadata().namespace();
        if (namespaced && (ns == null || ns.isEmpty())) {
            return r.withMetadata(r.metadata().withNamespace(DEFAULT_NAMESPACE));
        }
        return r;
    }

    private static PodTemplateSpec template(PodTemplateSpec t) {
        return t == null || t.spec() == null ? t : t.withSpec(PodDefaults.spec(t.spec()));
    }

    private static ReplicaSetSpec replicaSet(ReplicaSetSpec s) {
        return new ReplicaSetSpec(or(s.replicas(), 1), s.minReadySeconds(), s.selector(), template(s.template()));
    }

    private static DeploymentSpec deployment(DeploymentSpec s) {
        return new DeploymentSpec(or(s.replicas(), 1), s.selector(), template(s.template()),
                strategy(s.strategy()), or(s.minReadySeconds(), 0), or(s.revisionHistoryLimit(), 10),
                s.paused(), or(s.progressDeadlineSeconds(), 600));
    }

    private static DeploymentStrategy strategy(DeploymentStrategy s) {
        DeploymentStrategyType type = s == null || s.type() == null ? DeploymentStrategyType.ROLLING_UPDATE : s.type();
        if (type == DeploymentStrategyType.RECREATE) {
            return new DeploymentStrategy(type, s == null ? null : s.rollingUpdate());
        }
        RollingUpdateDeployment ru = s == null ? null : s.rollingUpdate();
        IntOrString unavailable = ru == null || ru.maxUnavailable() == null ? QUARTER : ru.maxUnavailable();
        IntOrString surge = ru == null || ru.maxSurge() == null ? QUARTER : ru.maxSurge();
        return new DeploymentStrategy(type, new RollingUpdateDeployment(unavailable, surge));
    }

    /** Type Opaque; stringData is merged into data (base64) and dropped, as the API server does. */
    private static Secret secret(Secret s) {
        String type = s.type() == null || s.type().isEmpty() ? Secret.OPAQUE : s.type();
        Map<String, String> data = s.data() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(s.data());
        if (s.stringData() != null) {
            s.stringData().forEach((k, v) -> data.put(k,
                    Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        }
        return new Secret(s.apiVersion(), s.kind(), s.metadata(), type, data.isEmpty() ? null : data, null,
                s.immutable());
    }

    /** As SetDefaults_LimitRangeItem: default limit from max, default request from default, then min. */
    private static LimitRangeSpec limitRange(LimitRangeSpec spec) {
        if (spec.limits() == null) {
            return spec;
        }
        List<LimitRangeItem> items = spec.limits().stream().map(Defaults::limitRangeItem).toList();
        return new LimitRangeSpec(items);
    }

    private static LimitRangeItem limitRangeItem(LimitRangeItem i) {
        if (i.type() != LimitType.CONTAINER) {
            return i;
        }
        Map<String, Quantity> dflt = fill(i.defaultLimits(), i.max());
        Map<String, Quantity> request = fill(fill(i.defaultRequest(), dflt), i.min());
        return new LimitRangeItem(i.type(), i.max(), i.min(), dflt, request, i.maxLimitRequestRatio());
    }

    private static Map<String, Quantity> fill(Map<String, Quantity> target, Map<String, Quantity> from) {
        Map<String, Quantity> out = target == null ? new LinkedHashMap<>() : new LinkedHashMap<>(target);
        if (from != null) {
            from.forEach(out::putIfAbsent);
        }
        return out.isEmpty() ? null : out;
    }

    static Integer or(Integer v, int dflt) {
        return v == null ? Integer.valueOf(dflt) : v;
    }

    static <T> T or(T v, T dflt) {
        return v == null ? dflt : v;
    }
}
