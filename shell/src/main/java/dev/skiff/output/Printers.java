package dev.skiff.output;

import dev.skiff.api.ConfigMap;
import dev.skiff.api.Deployment;
import dev.skiff.api.Endpoints;
import dev.skiff.api.Event;
import dev.skiff.api.LimitRange;
import dev.skiff.api.Namespace;
import dev.skiff.api.Node;
import dev.skiff.api.Pod;
import dev.skiff.api.ReplicaSet;
import dev.skiff.api.Resource;
import dev.skiff.api.ResourceQuota;
import dev.skiff.api.Secret;
import dev.skiff.api.Service;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The table printer of each kind. Built-in kinds print as kubectl prints them; kinds registered
 * later (chaos) add theirs with {@link #register}; any other kind gets kubectl's NAME/AGE table.
 */
public final class Printers {
    private static final Map<Class<? extends Resource>, KindPrinter<?>> BY_TYPE = new ConcurrentHashMap<>();

    static {
        register(Pod.class, new PodPrinter());
        register(Deployment.class, WorkloadPrinters.DEPLOYMENTS);
        register(ReplicaSet.class, WorkloadPrinters.REPLICA_SETS);
        register(Service.class, NetworkPrinters.SERVICES);
        register(Endpoints.class, NetworkPrinters.ENDPOINTS);
        register(Node.class, new NodePrinter());
        register(Namespace.class, ConfigPrinters.NAMESPACES);
        register(ConfigMap.class, ConfigPrinters.CONFIG_MAPS);
        register(Secret.class, ConfigPrinters.SECRETS);
        register(Event.class, new EventPrinter());
        register(ResourceQuota.class, ConfigPrinters.QUOTAS);
        register(LimitRange.class, ConfigPrinters.LIMIT_RANGES);
    }

    private Printers() {}

    /** Sets the table for a kind's record type; a later registration replaces an earlier one. */
    public static <T extends Resource> void register(Class<T> type, KindPrinter<T> printer) {
        BY_TYPE.put(type, printer);
    }

    /** Back to the generic table for that type. */
    public static void unregister(Class<? extends Resource> type) {
        BY_TYPE.remove(type);
    }

    @SuppressWarnings("unchecked")
    public static <T extends Resource> KindPrinter<T> of(Class<T> type) {
        KindPrinter<?> p = BY_TYPE.get(type);
        return p != null ? (KindPrinter<T>) p : (KindPrinter<T>) ConfigPrinters.GENERIC;
    }

    /** The STATUS kubectl shows for a pod (CrashLoopBackOff, Terminating, Init:0/1, …). */
    public static String podStatus(Pod pod) {
        return PodPrinter.status(pod);
    }

    /** The STATUS kubectl shows for a node (Ready, NotReady, Ready,SchedulingDisabled). */
    public static String nodeStatus(Node node) {
        return NodePrinter.status(node);
    }
}
