package dev.skiff.chaos;

import dev.skiff.client.ResourceHandler;
import dev.skiff.controller.Controller;
import dev.skiff.controller.ControllerManager;
import dev.skiff.controller.Request;
import dev.skiff.controller.Startable;
import dev.skiff.controllers.CacheReplay;
import dev.skiff.engine.ControllerSetup;
import dev.skiff.engine.EngineContext;
import dev.skiff.store.StoreException;
import dev.skiff.store.Watch;
import dev.skiff.store.WatchEvent;
import dev.skiff.store.WatchListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The engine's chaos controller: one controller per fault kind over the shared caches, plus a
 * watch on the creators' lease keys so that a fault whose creator died ends as soon as etcd
 * deletes the key (not at the next periodic check).
 */
public final class ChaosController implements ControllerSetup {

    @Override
    public void setup(EngineContext context, ControllerManager manager) {
        ChaosKinds.register();
        List<LeaseFeed<?>> feeds = new ArrayList<>();
        for (Class<? extends Fault> type : ChaosKinds.TYPES) feeds.add(wire(context, manager, type));
        manager.add(new LeaseWatch(context, feeds));
    }

    private static <F extends Fault> LeaseFeed<F> wire(EngineContext context, ControllerManager manager, Class<F> type) {
        FaultReconciler<F> reconciler = new FaultReconciler<>(context, type);
        String plural = ChaosKinds.ALL.stream().filter(k -> k.type() == type).findFirst().orElseThrow().plural();
        Controller controller = new Controller("chaos-" + plural, reconciler, context.config().workers(), context.scheduler());
        reconciler.informer().addHandler(new ResourceHandler<>() {
            @Override
            public void onAdd(F f) {
                controller.enqueue(Request.of(f.namespace(), f.name()));
            }

            @Override
            public void onUpdate(F previous, F f) {
                controller.enqueue(Request.of(f.namespace(), f.name()));
            }
        });
        manager.add(controller);
        manager.add(CacheReplay.of(controller, () -> reconciler.informer().list().stream()
                .map(f -> Request.of(f.namespace(), f.name())).toList()));
        return new LeaseFeed<>(reconciler, controller);
    }

    /** Enqueues the faults of one kind that hang on a lease. */
    private record LeaseFeed<F extends Fault>(FaultReconciler<F> reconciler, Controller controller) {
        void leaseGone(long id) {
            for (F f : reconciler.informer().list()) {
                if (ChaosLease.of(f).equals(Optional.of(id))) controller.enqueue(Request.of(f.namespace(), f.name()));
            }
        }
    }

    /** Watches {@link ChaosLease#PREFIX} while this engine leads; a deleted key ends that lease's faults. */
    private static final class LeaseWatch implements Startable, WatchListener {
        private final EngineContext context;
        private final List<LeaseFeed<?>> feeds;
        private volatile Watch watch;

        LeaseWatch(EngineContext context, List<LeaseFeed<?>> feeds) {
            this.context = context;
            this.feeds = feeds;
        }

        @Override
        public synchronized void start() {
            watch = context.client().store().watch(ChaosLease.PREFIX, 0, this);
        }

        @Override
        public boolean hasSynced() {
            return true;
        }

        @Override
        public synchronized void stop() {
            Watch w = watch;
            watch = null;
            if (w != null) w.close();
        }

        @Override
        public void onEvents(List<WatchEvent> batch) {
            for (WatchEvent e : batch) {
                if (e instanceof WatchEvent.Delete d) {
                    ChaosLease.idOfKey(d.key()).ifPresent(id -> feeds.forEach(f -> f.leaseGone(id)));
                }
            }
        }

        @Override
        public void onError(StoreException e) {
            // the periodic lease re-check (FaultReconciler.LEASE_RECHECK) still ends such faults
        }
    }
}
