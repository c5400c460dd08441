package dev.skiff.controllers;

import dev.skiff.controller.Controller;
import dev.skiff.controller.Request;
import dev.skiff.controller.Startable;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * Enqueues every request a controller's caches imply when a leadership term starts. Informers run
 * on standbys too, so by the time this engine leads, their add-events are long gone and were
 * dropped by the closed queue; the manager opens the queue before starting this, so nothing that
 * arrives in between is lost either.
 */
public final class CacheReplay {
    private CacheReplay() {}

    public static Startable of(Controller controller, Supplier<? extends Collection<Request>> requests) {
        return Startable.eachTerm(() -> requests.get().forEach(controller::enqueue));
    }
}
