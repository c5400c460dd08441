package dev.skiff.controller;

/**
 * Something a {@link ControllerManager} runs only while this process leads — typically an informer
 * feeding controllers. {@link #hasSynced()} tells the manager when its first full listing is in,
 * so no controller acts on a half-filled cache.
 */
public interface Startable {

    void start();

    boolean hasSynced();

    void stop();

    /** Runs {@code action} at the start of each leadership term; synced once it has run. */
    static Startable eachTerm(Runnable action) {
        return new Startable() {
            private volatile boolean done;

            @Override
            public void start() {
                action.run();
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
        };
    }
}
