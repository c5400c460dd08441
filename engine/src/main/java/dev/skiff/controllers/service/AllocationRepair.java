package dev.skiff.controllers.service;

import dev.skiff.api.Service;
import dev.skiff.client.Informer;
import dev.skiff.client.ResourceHandler;
import dev.skiff.client.ServiceRanges;
import dev.skiff.controller.Controller;
import dev.skiff.controller.ControllerManager;
import dev.skiff.controller.Reconciler;
import dev.skiff.controller.Request;
import dev.skiff.controller.Result;
import dev.skiff.controllers.CacheReplay;
import dev.skiff.engine.ControllerSetup;
import dev.skiff.engine.EngineContext;
import dev.skiff.store.Compare;
import dev.skiff.store.KeyValue;
import dev.skiff.store.ListOptions;
import dev.skiff.store.Op;
import dev.skiff.store.Page;
import dev.skiff.store.Store;
import dev.skiff.store.Txn;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the allocation keys honest, as the API server's repair loops do: publishes the engine's
 * {@link ServiceRanges}, and gives back any cluster IP or node port whose owning Service no longer
 * exists (deleted through a finalizer, or by hand with etcdctl). The Client frees them in the same
 * transaction as an ordinary delete; this catches everything else.
 */
public final class AllocationRepair implements Reconciler {

    static final Request SWEEP = Request.clusterScoped("service-allocations");
    static final Duration PERIOD = Duration.ofMinutes(1);

    private final EngineContext context;
    private final Informer<Service> services;

    AllocationRepair(EngineContext context) {
        this.context = context;
        this.services = context.informers().of(Service.class);
    }

    public static ControllerSetup setup() {
        return (EngineContext context, ControllerManager manager) -> {
            AllocationRepair reconciler = new AllocationRepair(context);
            Controller controller = new Controller("service-allocation-repair", reconciler, 1, context.scheduler());
            reconciler.services.addHandler(new ResourceHandler<>() {
                @Override
                public void onDelete(Service s) {
                    controller.enqueue(SWEEP);
                }
            });
            manager.add(controller);
            manager.add(CacheReplay.of(controller, () -> List.of(SWEEP)));
        };
    }

    @Override
    public Result reconcile(Request request) {
        Store store = context.client().store();
        context.config().serviceRanges().publish(store);
        for (KeyValue kv : list(store, ServiceRanges.IPS)) releaseIfOrphaned(store, kv);
        for (KeyValue kv : list(store, ServiceRanges.NODE_PORTS)) releaseIfOrphaned(store, kv);
        return Result.requeueAfter(PERIOD);
    }

    private void releaseIfOrphaned(Store store, KeyValue kv) {
        String[] owner = new String(kv.value(), StandardCharsets.UTF_8).split("/", 3);
        if (owner.length == 3 && owned(owner[0], owner[1], owner[2])) return;
        // only if nobody re-took it since we read it, and only while we lead
        List<Compare> when = new ArrayList<>();
        context.leaderGuard().ifPresent(g -> when.add(g.compare()));
        when.add(Compare.modRevision(kv.key()).eq(kv.modRevision()));
        store.txn(new Txn(when, List.of(Op.delete(kv.key())), List.of()));
    }

    private boolean owned(String namespace, String name, String uid) {
        Optional<Service> cached = services.get(namespace, name);
        if (cached.isPresent() && uid.equals(cached.get().metadata().uid())) return true;
        // the cache may lag a create: the store has the last word
        return context.client().get(Service.class, namespace, name).map(s -> uid.equals(s.metadata().uid())).orElse(false);
    }

    private static List<KeyValue> list(Store store, String prefix) {
        List<KeyValue> out = new ArrayList<>();
        ListOptions options = ListOptions.page(1000);
        Page page;
        do {
            page = store.list(prefix, options);
            out.addAll(page.items());
            if (page.more()) options = options.next(page);
        } while (page.more());
        return out;
    }
}
