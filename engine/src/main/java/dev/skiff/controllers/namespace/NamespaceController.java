package dev.skiff.controllers.namespace;

import dev.skiff.api.KindInfo;
import dev.skiff.api.Kinds;
import dev.skiff.api.Namespace;
import dev.skiff.api.NamespaceSpec;
import dev.skiff.api.NamespaceStatus;
import dev.skiff.api.Resource;
import dev.skiff.client.ApiException;
import dev.skiff.client.Client;
import dev.skiff.client.DeleteOptions;
import dev.skiff.client.Informer;
import dev.skiff.client.ResourceHandler;
import dev.skiff.controller.Controller;
import dev.skiff.controller.ControllerManager;
import dev.skiff.controller.Reconciler;
import dev.skiff.controller.Request;
import dev.skiff.controller.Result;
import dev.skiff.controllers.CacheReplay;
import dev.skiff.engine.ControllerSetup;
import dev.skiff.engine.EngineContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Namespace lifecycle, as Kubernetes': every namespace carries the {@code kubernetes} finalizer in
 * {@code spec.finalizers} (added here, soon after creation), so deleting it only marks it
 * Terminating; this controller then deletes everything in it, waits until it is all gone, drops the
 * finalizer and removes the namespace. Built-in namespaces are refused by {@link Client#delete}.
 */
public final class NamespaceController implements Reconciler {

    public static final String FINALIZER = "kubernetes";
    private static final Duration RECHECK = Duration.ofMillis(500);

    private final EngineContext context;
    private final Informer<Namespace> namespaces;

    private NamespaceController(EngineContext context) {
        this.context = context;
        this.namespaces = context.informers().of(Namespace.class);
    }

    public static ControllerSetup setup() {
        return (EngineContext context, ControllerManager manager) -> {
            NamespaceController reconciler = new NamespaceController(context);
            Controller controller = new Controller("namespace", reconciler, context.config().workers(), context.scheduler());
            reconciler.namespaces.addHandler(new ResourceHandler<>() {
                @Override
                public void onAdd(Namespace ns) {
                    controller.enqueue(Request.clusterScoped(ns.name()));
                }

                @Override
                public void onUpdate(Namespace previous, Namespace ns) {
                    controller.enqueue(Request.clusterScoped(ns.name()));
                }
            });
            for (KindInfo kind : namespacedKinds()) context.informers().of(kind.type()); // warm caches for deletion
            manager.add(controller);
            manager.add(CacheReplay.of(controller, () -> reconciler.namespaces.list().stream()
                    .map(ns -> Request.clusterScoped(ns.name())).toList()));
        };
    }

    @Override
    public Result reconcile(Request request) {
        Optional<Namespace> cached = namespaces.get(null, request.name());
        if (cached.isEmpty()) return Result.done();
        Namespace ns = cached.get();
        if (ns.metadata().deletionTimestamp() == null) {
            ensureFinalizer(ns);
            return Result.done();
        }
        ensureTerminating(ns);
        if (deleteContent(ns.name()) > 0) return Result.requeueAfter(RECHECK);
        finalizeAndRemove(ns.name());
        return Result.done();
    }

    private void ensureFinalizer(Namespace ns) {
        if (specFinalizers(ns).contains(FINALIZER)) return;
        context.client().modify(Namespace.class, null, ns.name(), n -> {
            List<String> next = new ArrayList<>(specFinalizers(n));
            if (next.contains(FINALIZER) || n.metadata().deletionTimestamp() != null) return n;
            next.add(FINALIZER);
            return n.withSpec(new NamespaceSpec(next));
        });
    }

    private void ensureTerminating(Namespace ns) {
        if (ns.status() != null && NamespaceStatus.TERMINATING.equals(ns.status().phase())) return;
        context.client().modifyStatus(Namespace.class, null, ns.name(),
                n -> n.withStatus(new NamespaceStatus(NamespaceStatus.TERMINATING)));
    }

    /**
     * Asks for everything in the namespace to be deleted (background cascade; bound pods are stopped
     * by their agents first) and returns how many objects are still there, as the store says.
     */
    private int deleteContent(String namespace) {
        Client client = context.client();
        int left = 0;
        for (KindInfo kind : namespacedKinds()) {
            List<? extends Resource> items = client.list(kind.type(), namespace).items();
            left += items.size();
            for (Resource r : items) {
                if (r.metadata().deletionTimestamp() != null) continue;
                try {
                    client.delete(kind.type(), namespace, r.name());
                } catch (ApiException.NotFound gone) {
                    left--;
                }
            }
        }
        return left;
    }

    private void finalizeAndRemove(String name) {
        Client client = context.client();
        try {
            client.modify(Namespace.class, null, name, n -> {
                List<String> next = new ArrayList<>(specFinalizers(n));
                if (!next.remove(FINALIZER)) return n;
                return n.withSpec(next.isEmpty() ? null : new NamespaceSpec(next));
            });
            // with no finalizer left the delete removes it; another finalizer (someone else's) still holds it
            client.delete(Namespace.class, null, name, DeleteOptions.now());
        } catch (ApiException.NotFound gone) {
            // already removed
        }
    }

    private static List<String> specFinalizers(Namespace ns) {
        return ns.spec() == null || ns.spec().finalizers() == null ? List.of() : ns.spec().finalizers();
    }

    private static List<KindInfo> namespacedKinds() {
        return Kinds.all().stream().filter(KindInfo::namespaced).toList();
    }
}
