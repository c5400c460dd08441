package dev.skiff.store;

/** A running watch. Closing it stops delivery; no callback runs after close returns on another thread. */
public interface Watch extends AutoCloseable {

    /** The highest revision delivered so far (or the revision the watch started after). */
    long lastRevision();

    @Override
    void close();
}
