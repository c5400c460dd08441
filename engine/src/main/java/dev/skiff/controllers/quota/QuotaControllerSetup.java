package dev.skiff.controllers.quota;

import dev.skiff.api.ConfigMap;
import dev.skiff.api.Pod;
import dev.skiff.api.Resource;
import dev.skiff.api.ResourceQuota;
import dev.skiff.api.Secret;
import dev.skiff.api.Service;
import dev.skiff.client.Informer;
import dev.skiff.client.ResourceHandler;
import dev.skiff.client.admission.QuotaUsage;
import dev.skiff.controller.Controller;
import dev.skiff.controller.ControllerManager;
import dev.skiff.controller.Request;
import dev.skiff.controller.Startable;
import dev.skiff.engine.ControllerSetup;
import dev.skiff.engine.EngineContext;
import java.time.Duration;
import java.util.Objects;

/**
 * Wires the {@link QuotaController}: a quota is recounted when it is created or its spec changes,
 * and every quota of a namespace when an object there stops using something (a pod finishes, an
 * object is deleted, a service drops its node ports). Creations need no recount: admission
 * already charged them.
 */
public final class QuotaControllerSetup implements ControllerSetup {

    @Override
    public void setup(EngineContext context, ControllerManager manager) {
        Controller controller = new Controller("resourcequota", new QuotaController(context::client),
                context.config().workers(), context.scheduler());
        Informer<ResourceQuota> quotas = context.informers().of(ResourceQuota.class);
        quotas.addHandler(new ResourceHandler<>() {
            @Override
            public void onAdd(ResourceQuota q) {
                controller.enqueue(requestFor(q));
            }

            @Override
            public void onUpdate(ResourceQuota previous, ResourceQuota q) {
                if (!Objects.equals(previous.spec(), q.spec())) controller.enqueue(requestFor(q));
            }
        });
        ResourceHandler<Resource> usageDrops = new ResourceHandler<>() {
            @Override
            public void onUpdate(Resource previous, Resource object) {
                if (!QuotaUsage.of(previous).equals(QuotaUsage.of(object))) recountNamespace(object);
            }

            @Override
            public void onDelete(Resource object) {
                recountNamespace(object);
            }

            private void recountNamespace(Resource object) {
                for (ResourceQuota q : quotas.list(object.namespace())) controller.enqueue(requestFor(q));
            }
        };
        watch(context, Pod.class, usageDrops);
        watch(context, Service.class, usageDrops);
        watch(context, ConfigMap.class, usageDrops);
        watch(context, Secret.class, usageDrops);
        manager.add(controller);
        manager.add(recountAllOnTermStart(quotas, controller));
    }

    @SuppressWarnings("unchecked")
    private static <T extends Resource> void watch(EngineContext context, Class<T> type, ResourceHandler<Resource> h) {
        context.informers().of(type).addHandler((ResourceHandler<T>) (ResourceHandler<?>) h);
    }

    /** A new leader recounts every quota: changes made while nobody led were not seen by anyone. */
    private static Startable recountAllOnTermStart(Informer<ResourceQuota> quotas, Controller controller) {
        return new Startable() {
            @Override
            public void start() {
                Thread.ofVirtual().name("resourcequota-initial-sync").start(() -> {
                    if (quotas.awaitSynced(Duration.ofMinutes(5))) {
                        quotas.list().forEach(q -> controller.enqueue(requestFor(q)));
                    }
                });
            }

            @Override
            public boolean hasSynced() {
                return true;
            }

            @Override
            public void stop() {
            }
        };
    }

    private static Request requestFor(ResourceQuota q) {
        return Request.of(q.namespace(), q.name());
    }
}
