package dev.skiff.controller;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a set of controllers (and the informers feeding them) only while this process leads. On
 * gaining leadership it opens every controller's queue, starts the {@link Startable}s, waits until
 * they and every extra sync check report synced, then starts the workers; on losing it, it stops
 * everything at once. It is a {@link LeaderElection.Callbacks}; without an election, call
 * {@link #startLeading} and {@link #stopLeading} directly.
 *
 * <p>{@link Startable#stop()} is called on every startable when a term ends, started or not, so it
 * must tolerate that. Start-up runs on its own virtual thread (one "session" per term), so the election thread is
 * never blocked waiting for caches and a lost term can cancel a start-up half way.
 */
public final class ControllerManager implements LeaderElection.Callbacks, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControllerManager.class);
    public static final Duration SYNC_POLL = Duration.ofMillis(20);

    private final List<Controller> controllers = new CopyOnWriteArrayList<>();
    private final List<Startable> startables = new CopyOnWriteArrayList<>();
    private final List<BooleanSupplier> syncChecks = new CopyOnWriteArrayList<>();
    private final Duration stopGrace;

    private final Object lock = new Object();
    private Thread session;
    private volatile LeaderGuard guard;
    private volatile boolean running;

    public ControllerManager() {
        this(Controller.DEFAULT_STOP_GRACE);
    }

    public ControllerManager(Duration stopGrace) {
        this.stopGrace = Objects.requireNonNull(stopGrace, "stopGrace");
    }

    public ControllerManager add(Controller controller) {
        controllers.add(Objects.requireNonNull(controller, "controller"));
        return this;
    }

    public ControllerManager add(Startable startable) {
        startables.add(Objects.requireNonNull(startable, "startable"));
        return this;
    }

    /** An extra condition that must hold before workers start (e.g. a cache owned elsewhere). */
    public ControllerManager waitFor(BooleanSupplier synced) {
        syncChecks.add(Objects.requireNonNull(synced, "synced"));
        return this;
    }

    public List<Controller> controllers() {
        return List.copyOf(controllers);
    }

    /** True once caches synced and workers run, until leadership ends. */
    public boolean isRunning() {
        return running;
    }

    /** The current term's guard for writers, while leading (empty when run without an election). */
    public Optional<LeaderGuard> guard() {
        return Optional.ofNullable(guard);
    }

    @Override
    public void onStartedLeading(LeaderGuard newGuard) {
        startLeading(newGuard);
    }

    @Override
    public void onStoppedLeading() {
        stopLeading();
    }

    /** Begins a term: start-up continues in the background. {@code termGuard} may be null. */
    public void startLeading(LeaderGuard termGuard) {
        synchronized (lock) {
            if (session != null) {
                return;
            }
            guard = termGuard;
            session = Thread.ofVirtual().name("controller-manager-session").start(this::runSession);
        }
    }

    private void runSession() {
        controllers.forEach(Controller::open);
        try {
            startables.forEach(Startable::start);
        } catch (RuntimeException e) {
            log.error("controller manager: a cache failed to start; controllers stay idle this term", e);
            return;
        }
        try {
            while (!allSynced()) {
                Thread.sleep(SYNC_POLL);
            }
        } catch (InterruptedException e) {
            log.info("controller manager: term ended before caches synced");
            return;
        }
        synchronized (lock) {
            if (session != Thread.currentThread()) {
                return;
            }
            controllers.forEach(Controller::startWorkers);
            running = true;
        }
        log.info("controller manager: caches synced, {} controllers running", controllers.size());
    }

    private boolean allSynced() {
        return startables.stream().allMatch(Startable::hasSynced)
                && syncChecks.stream().allMatch(BooleanSupplier::getAsBoolean);
    }

    /** Ends the term: cancels a start-up in progress, stops controllers, then their feeds. */
    public void stopLeading() {
        Thread ended;
        synchronized (lock) {
            ended = session;
            session = null;
            guard = null;
            running = false;
        }
        if (ended == null) {
            return;
        }
        ended.interrupt();
        joinQuietly(ended);
        // controllers first: nothing should reconcile from a cache that is being torn down
        List<Controller> reversed = new ArrayList<>(controllers);
        Collections.reverse(reversed);
        reversed.forEach(c -> c.stop(stopGrace));
        for (Startable startable : startables) {
            try {
                startable.stop();
            } catch (RuntimeException e) {
                log.warn("controller manager: stopping {} failed", startable, e);
            }
        }
        log.info("controller manager: stopped {} controllers", controllers.size());
    }

    private void joinQuietly(Thread thread) {
        try {
            thread.join(stopGrace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopLeading();
    }
}
