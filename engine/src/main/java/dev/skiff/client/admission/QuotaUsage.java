package dev.skiff.client.admission;

import dev.skiff.api.ConfigMap;
import dev.skiff.api.KindInfo;
import dev.skiff.api.Kinds;
import dev.skiff.api.Pod;
import dev.skiff.api.PodPhase;
import dev.skiff.api.Quantity;
import dev.skiff.api.Resource;
import dev.skiff.api.Secret;
import dev.skiff.api.Service;
import dev.skiff.api.ServiceType;
import dev.skiff.client.Client;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What objects use of a ResourceQuota, by the quota's resource names: {@code pods},
 * {@code requests.cpu} (alias {@code cpu}), {@code limits.memory}, {@code services},
 * {@code services.nodeports}, {@code configmaps}, {@code secrets}, {@code count/<resource>}.
 * Shared by admission (charging one write) and the quota controller (recounting a namespace).
 */
public final class QuotaUsage {

    /** Once a quota caps one of these, every container must say what it requests or is limited to. */
    public static final Set<String> COMPUTE = Set.of("cpu", "memory", "requests.cpu", "requests.memory",
            "limits.cpu", "limits.memory");
    private static final Set<String> BARE = Set.of("cpu", "memory", "ephemeral-storage");
    private static final Quantity ONE = Quantity.of(1, Quantity.Format.DECIMAL_SI);

    private QuotaUsage() {
    }

    /** What one object adds to its namespace's usage; a finished pod adds nothing. */
    public static Map<String, Quantity> of(Resource obj) {
        Map<String, Quantity> usage = new HashMap<>();
        Optional<KindInfo> kind = Kinds.of(obj.getClass());
        if (kind.isEmpty() || !kind.get().namespaced()) return usage;
        if (obj instanceof Pod pod && terminated(pod)) return usage;
        usage.put("count/" + kind.get().resource(), ONE);
        switch (obj) {
            case Pod pod -> pod(pod, usage);
            case Service svc -> service(svc, usage);
            case ConfigMap cm -> usage.put("configmaps", ONE);
            case Secret s -> usage.put("secrets", ONE);
            default -> { }
        }
        return usage;
    }

    /** Succeeded and Failed pods hold nothing: their containers will not run again. */
    public static boolean terminated(Pod pod) {
        PodPhase phase = pod.status() == null ? null : pod.status().phase();
        return phase == PodPhase.SUCCEEDED || phase == PodPhase.FAILED;
    }

    private static void pod(Pod pod, Map<String, Quantity> usage) {
        usage.put("pods", ONE);
        PodResources.requests(pod).forEach((name, q) -> {
            usage.put("requests." + name, q);
            if (BARE.contains(name)) usage.put(name, q);
        });
        PodResources.limits(pod).forEach((name, q) -> usage.put("limits." + name, q));
    }

    private static void service(Service svc, Map<String, Quantity> usage) {
        usage.put("services", ONE);
        ServiceType type = svc.spec() == null ? null : svc.spec().type();
        if (type == ServiceType.NODE_PORT || type == ServiceType.LOAD_BALANCER) {
            usage.put("services.nodeports", Quantity.of(svc.spec().portsOrEmpty().size(), Quantity.Format.DECIMAL_SI));
        }
    }

    /** Usage of each of {@code resources} in {@code namespace}, counted from the objects in the store. */
    public static Map<String, Quantity> measure(Client reader, String namespace, Set<String> resources) {
        Map<String, Quantity> used = new TreeMap<>();
        for (String r : resources) used.put(r, Quantity.ZERO);
        for (KindInfo kind : kindsCounting(resources)) {
            for (Resource obj : reader.list(kind.type(), namespace).items()) {
                of(obj).forEach((name, q) -> used.computeIfPresent(name, (k, sum) -> sum.add(q)));
            }
        }
        return used;
    }

    /** The kinds whose objects use any of {@code resources}. */
    public static Set<KindInfo> kindsCounting(Set<String> resources) {
        Set<KindInfo> kinds = new LinkedHashSet<>();
        for (String r : resources) kindCounting(r).ifPresent(kinds::add);
        return kinds;
    }

    private static Optional<KindInfo> kindCounting(String resource) {
        if (resource.startsWith("count/")) {
            String name = resource.substring("count/".length());
            return Kinds.all().stream().filter(k -> k.namespaced() && k.resource().equals(name)).findFirst();
        }
        Class<? extends Resource> type = switch (resource) {
            case "services", "services.nodeports" -> Service.class;
            case "configmaps" -> ConfigMap.class;
            case "secrets" -> Secret.class;
            default -> resource.equals("pods") || resource.startsWith("requests.") || resource.startsWith("limits.")
                    || BARE.contains(resource) ? Pod.class : null;
        };
        return type == null ? Optional.empty() : Kinds.of(type);
    }
}
