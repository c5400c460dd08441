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
public final class CacheReplay implements Startable {

    private final Controller controller;
    private final Supplier<? extends Collection<Request>> requests;
    private volatile boolean done;

    private CacheReplay(Controller controller, Supplier<? extends Collection<Request>> requests) {
        this.controller = controller;
        this.requests = requests;
    }

    public static CacheReplay of(Controller controller, Supplier<? extends Collection<Request>> requests) {
        return new CacheReplay(controller, requests);
    }

    @Override
    public void start() {
        requests.get().forEach(controller::enqueue);
        done = true;
    }

    @Override
    public boolean hasSynced() {
        return done;
    }

    @Override
    public void stop() {
        done = false;
    }
}
