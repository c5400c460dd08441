package dev.skiff.engine;

import dev.skiff.client.Client;
import dev.skiff.client.EventRecorder;
import dev.skiff.controller.ControllerManager;
import dev.skiff.controller.DelayScheduler;
import dev.skiff.controller.NotLeaderException;
import java.time.Clock;

/**
 * What every controller gets: caches to read, a client to write with (guarded by this engine's
 * leadership, so a deposed leader's writes fail), an event recorder, the clock and the config.
 */
public final class EngineContext {

    private final Client base;
    private final ControllerManager manager;
    private final Informers informers;
    private final EventRecorder events;
    private final EngineConfig config;
    private final DelayScheduler scheduler;

    EngineContext(Client base, ControllerManager manager, Informers informers, EngineConfig config,
                  DelayScheduler scheduler) {
        this.base = base;
        this.manager = manager;
        this.informers = informers;
        this.config = config;
        this.scheduler = scheduler;
        this.events = new EventRecorder(this::clientOrUnguarded, "skiff-engine", config.identity(), base.clock());
    }

    /**
     * The client for this leadership term: every write carries the term's guard.
     * @throws NotLeaderException when this engine does not lead (the runtime retries later)
     */
    public Client client() {
        return manager.guard().map(g -> base.guardedBy(g.compare()))
                .orElseThrow(() -> new NotLeaderException(config.identity(), dev.skiff.controller.LeaderElection.DEFAULT_KEY,
                        null));
    }

    private Client clientOrUnguarded() {
        return manager.guard().map(g -> base.guardedBy(g.compare())).orElse(base);
    }

    /** This term's leadership guard, for writes made straight to the store; empty when not leading. */
    public java.util.Optional<dev.skiff.controller.LeaderGuard> leaderGuard() {
        return manager.guard();
    }

    public Informers informers() {
        return informers;
    }

    public EventRecorder events() {
        return events;
    }

    public Clock clock() {
        return base.clock();
    }

    public EngineConfig config() {
        return config;
    }

    public DelayScheduler scheduler() {
        return scheduler;
    }
}
