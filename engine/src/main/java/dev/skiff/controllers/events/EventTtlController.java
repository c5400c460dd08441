package dev.skiff.controllers.events;

import dev.skiff.api.Event;
import dev.skiff.client.ApiException;
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
import java.time.Instant;
import java.util.Optional;

/**
 * Deletes each Event once it is {@code eventTtl} old (counted from its last occurrence), as the
 * API server's event TTL does: every event is looked at again exactly when it expires (a
 * requeue-after), so events never pile up and nothing polls the whole list.
 */
public final class EventTtlController implements Reconciler {

    private final EngineContext context;
    private final Informer<Event> events;

    private EventTtlController(EngineContext context) {
        this.context = context;
        this.events = context.informers().of(Event.class);
    }

    public static ControllerSetup setup() {
        return (EngineContext context, ControllerManager manager) -> {
            EventTtlController reconciler = new EventTtlController(context);
            Controller controller = new Controller("event-ttl", reconciler, 1, context.scheduler());
            reconciler.events.addHandler(new ResourceHandler<>() {
                @Override
                public void onAdd(Event e) {
                    controller.enqueue(Request.of(e.namespace(), e.name()));
                }

                @Override
                public void onUpdate(Event previous, Event e) {
                    controller.enqueue(Request.of(e.namespace(), e.name()));
                }
            });
            manager.add(controller);
            manager.add(CacheReplay.of(controller, () -> reconciler.events.list().stream()
                    .map(e -> Request.of(e.namespace(), e.name())).toList()));
        };
    }

    @Override
    public Result reconcile(Request request) {
        Optional<Event> cached = events.get(request.namespace(), request.name());
        if (cached.isEmpty()) return Result.done();
        Instant expires = lastSeen(cached.get()).plus(context.config().eventTtl());
        Instant now = context.clock().instant();
        if (now.isBefore(expires)) return Result.requeueAfter(Duration.between(now, expires));
        try {
            context.client().delete(Event.class, request.namespace(), request.name(), DeleteOptions.now());
        } catch (ApiException.NotFound gone) {
            // already gone
        }
        return Result.done();
    }

    private static Instant lastSeen(Event e) {
        if (e.lastTimestamp() != null) return e.lastTimestamp();
        if (e.firstTimestamp() != null) return e.firstTimestamp();
        Instant created = e.metadata().creationTimestamp();
        return created != null ? created : Instant.EPOCH;
    }
}
