package dev.skiff.controllers.gc;

import dev.skiff.api.KindInfo;
import dev.skiff.api.Kinds;
import dev.skiff.api.Node;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.OwnerReference;
import dev.skiff.api.Pod;
import dev.skiff.api.Resource;
import dev.skiff.client.ApiException;
import dev.skiff.client.Client;
import dev.skiff.client.DeleteOptions;
import dev.skiff.client.DeleteOptions.Propagation;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Garbage collection through ownerReferences, as Kubernetes does it:
 * <ul>
 * <li>background: a dependent whose owners are all gone (absent, or a new object with another uid)
 *     is deleted; a dangling reference beside a live owner is just dropped;</li>
 * <li>foreground: an owner marked for deletion with the {@code foregroundDeletion} finalizer has its
 *     dependents deleted, and loses the finalizer once those with {@code blockOwnerDeletion} are gone;</li>
 * <li>orphan: an owner with the {@code orphan} finalizer has its references removed from its
 *     dependents, then loses the finalizer;</li>
 * <li>an object marked for deletion with no finalizers left is removed — except a pod on a live
 *     node, which its agent removes once it stopped it.</li>
 * </ul>
 * Absence is always confirmed by a read from the store before anything is deleted, since a
 * cache can lag behind a just-created owner.
 */
public final class GarbageCollector implements Reconciler {

    private static final Logger log = LoggerFactory.getLogger(GarbageCollector.class);
    public static final String FOREGROUND = "foregroundDeletion";
    public static final String ORPHAN = "orphan";

    private final EngineContext context;
    private final DependencyGraph graph = new DependencyGraph();
    private final Map<KindInfo, Informer<? extends Resource>> informers = new ConcurrentHashMap<>();
    /**
     * Owner uids the store confirmed absent. A uid is never reused, so once gone it stays gone:
     * the dependents of one deleted owner then cost one read, not one each.
     */
    private final Set<String> goneOwners = Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 10_000;
        }
    }));

    private GarbageCollector(EngineContext context) {
        this.context = context;
    }

    public static ControllerSetup setup() {
        return (EngineContext context, ControllerManager manager) -> {
            GarbageCollector gc = new GarbageCollector(context);
            // deletions are independent round trips: more workers than usual drain a cascade faster
            Controller controller = new Controller("garbage-collector", gc, 4 * context.config().workers(),
                    context.scheduler());
            for (KindInfo kind : Kinds.all()) gc.watch(kind, controller);
            manager.add(controller);
            manager.add(CacheReplay.of(controller, gc::interesting));
        };
    }

    @Override
    public Result reconcile(Request request) {
        GcKey key = GcKey.of(request);
        Optional<? extends Resource> cached = cached(key);
        if (cached.isEmpty()) return Result.done();
        Resource obj = cached.get();
        if (obj.metadata().deletionTimestamp() != null) return finish(key, obj);
        if (!owners(obj).isEmpty()) collectIfOrphaned(key, obj);
        return Result.done();
    }

    // ---- objects being deleted

    private Result finish(GcKey key, Resource obj) {
        List<String> finalizers = finalizers(obj);
        if (finalizers.contains(ORPHAN)) {
            orphanDependents(obj);
            removeFinalizer(key, ORPHAN);
        } else if (finalizers.contains(FOREGROUND)) {
            if (deleteDependentsFirst(obj)) removeFinalizer(key, FOREGROUND);
        } else if (finalizers.isEmpty() && !awaitsItsAgent(obj)) {
            deleteNow(key);
        }
        return Result.done(); // changes to the object or its dependents bring it back
    }

    /** Deletes the dependents; true once none that blocks the owner's deletion is left. */
    private boolean deleteDependentsFirst(Resource owner) {
        String uid = owner.metadata().uid();
        boolean blocked = false;
        for (GcKey depKey : graph.dependentsOf(uid)) {
            Optional<? extends Resource> dep = cached(depKey);
            if (dep.isEmpty()) continue;
            if (dep.get().metadata().deletionTimestamp() == null) {
                // a dependent with dependents of its own is deleted in the foreground too, so the chain waits
                delete(depKey, graph.hasDependents(dep.get().metadata().uid()) ? Propagation.FOREGROUND : Propagation.BACKGROUND);
            }
            blocked |= owners(dep.get()).stream().anyMatch(r -> uid.equals(r.uid()) && Boolean.TRUE.equals(r.blockOwnerDeletion()));
        }
        return !blocked;
    }

    private void orphanDependents(Resource owner) {
        String uid = owner.metadata().uid();
        for (GcKey depKey : graph.dependentsOf(uid)) {
            modify(depKey, d -> {
                List<OwnerReference> kept = new ArrayList<>(owners(d));
                if (!kept.removeIf(r -> uid.equals(r.uid()))) return d;
                return d.withMetadata(d.metadata().withOwnerReferences(kept.isEmpty() ? null : kept));
            });
        }
    }

    /** A pod bound to a Ready node is stopped and removed by its agent; anything else is ours to remove. */
    private boolean awaitsItsAgent(Resource obj) {
        if (!(obj instanceof Pod pod) || pod.spec() == null || pod.spec().nodeName() == null) return false;
        Optional<Node> node = context.informers().of(Node.class).get(null, pod.spec().nodeName());
        return node.map(Node::ready).orElse(false);
    }


    // ---- dependents whose owners are gone

    private void collectIfOrphaned(GcKey key, Resource obj) {
        List<OwnerReference> dangling = new ArrayList<>();
        boolean solid = false;
        for (OwnerReference ref : owners(obj)) {
            if (ownerExists(ref, key.namespace())) solid = true; else dangling.add(ref);
        }
        if (dangling.isEmpty()) return;
        if (!solid) {
            log.debug("{}: every owner is gone; deleting it", key);
            delete(key, Propagation.BACKGROUND);
            return;
        }
        modify(key, d -> {
            List<OwnerReference> kept = new ArrayList<>(owners(d));
            kept.removeIf(r -> dangling.stream().anyMatch(g -> Objects.equals(g.uid(), r.uid())));
            return d.withMetadata(d.metadata().withOwnerReferences(kept));
        });
    }

    /** The owner as referenced (same uid) exists: the cache says so, or, if not, the store does. */
    private boolean ownerExists(OwnerReference ref, String namespace) {
        Optional<GcKey> ownerKey = GcKey.owner(ref, namespace);
        if (ownerKey.isEmpty()) return true; // a kind we do not know: never guess it away
        GcKey k = ownerKey.get();
        if (cached(k).map(o -> Objects.equals(o.metadata().uid(), ref.uid())).orElse(false)) return true;
        if (ref.uid() != null && goneOwners.contains(ref.uid())) return false;
        Optional<? extends Resource> live = context.client().get(k.kind().type(), k.ns(), k.name());
        boolean exists = live.map(o -> Objects.equals(o.metadata().uid(), ref.uid())).orElse(false);
        if (!exists && ref.uid() != null) goneOwners.add(ref.uid());
        return exists;
    }

    // ---- writes

    private void delete(GcKey key, Propagation propagation) {
        try {
            context.client().delete(key.kind().type(), key.ns(), key.name(), DeleteOptions.DEFAULT.withPropagation(propagation));
        } catch (ApiException.NotFound gone) {
            // already gone
        }
    }

    private void deleteNow(GcKey key) {
        try {
            context.client().delete(key.kind().type(), key.ns(), key.name(), DeleteOptions.now());
        } catch (ApiException.NotFound gone) {
            // already gone
        }
    }

    private void removeFinalizer(GcKey key, String finalizer) {
        modify(key, o -> {
            List<String> left = new ArrayList<>(finalizers(o));
            if (!left.remove(finalizer)) return o;
            return o.withMetadata(o.metadata().withFinalizers(left.isEmpty() ? null : left));
        });
    }

    @SuppressWarnings("unchecked")
    private <T extends Resource> void modify(GcKey key, java.util.function.UnaryOperator<Resource> change) {
        Class<T> type = (Class<T>) key.kind().type();
        try {
            context.client().modify(type, key.ns(), key.name(), o -> (T) change.apply(o));
        } catch (ApiException.NotFound gone) {
            // already gone
        }
    }

    // ---- caches

    private Optional<? extends Resource> cached(GcKey key) {
        Informer<? extends Resource> inf = informers.get(key.kind());
        return inf == null ? Optional.empty() : inf.get(key.ns(), key.name());
    }

    private List<Request> interesting() {
        List<Request> out = new ArrayList<>();
        for (Informer<? extends Resource> inf : informers.values()) {
            for (Resource r : inf.list()) if (isInteresting(r)) out.add(GcKey.of(r).request());
        }
        return out;
    }

    private static boolean isInteresting(Resource r) {
        return r.metadata().deletionTimestamp() != null || !owners(r).isEmpty();
    }

    private <T extends Resource> void watch(KindInfo kind, Controller controller) {
        @SuppressWarnings("unchecked")
        Informer<T> inf = context.informers().of((Class<T>) kind.type());
        informers.put(kind, inf);
        inf.addHandler(new ResourceHandler<>() {
            @Override
            public void onAdd(T obj) {
                GcKey key = GcKey.of(obj);
                graph.upsert(key, obj);
                if (isInteresting(obj)) controller.enqueue(key.request());
            }

            @Override
            public void onUpdate(T previous, T obj) {
                onAdd(obj);
            }

            @Override
            public void onDelete(T obj) {
                GcKey key = GcKey.of(obj);
                graph.remove(key);
                // its dependents may now be garbage; an owner deleting in the foreground may now be free to go
                for (GcKey dep : graph.dependentsOf(obj.metadata().uid())) controller.enqueue(dep.request());
                for (OwnerReference ref : owners(obj)) {
                    GcKey.owner(ref, key.namespace()).ifPresent(o -> controller.enqueue(o.request()));
                }
            }
        });
    }

    private static List<OwnerReference> owners(Resource r) {
        List<OwnerReference> refs = r.metadata().ownerReferences();
        return refs == null ? List.of() : refs;
    }

    private static List<String> finalizers(Resource r) {
        ObjectMeta m = r.metadata();
        return m.finalizers() == null ? List.of() : m.finalizers();
    }
}
