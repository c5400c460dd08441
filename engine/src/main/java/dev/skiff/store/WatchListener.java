package dev.skiff.store;

import java.util.List;

/**
 * Receives a watch's events on one thread per watch, in revision order, each exactly once. Calls
 * may block and may use the store. After {@link #onError} the watch has ended.
 */
public interface WatchListener {

    void onEvents(List<WatchEvent> batch);

    /** {@link StoreException.Compacted} or {@link StoreException.Unavailable}; the watch is over. */
    void onError(StoreException e);
}
