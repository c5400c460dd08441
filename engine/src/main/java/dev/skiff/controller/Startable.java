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
}
