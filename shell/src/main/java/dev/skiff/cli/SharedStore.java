package dev.skiff.cli;

import dev.skiff.store.ForwardingStore;
import dev.skiff.store.Store;

/** The session's store lent to one command: everything passes through, except close. */
final class SharedStore extends ForwardingStore {
    private final Store store;

    SharedStore(Store store) {
        this.store = store;
    }

    @Override
    protected Store delegate() {
        return store;
    }

    /** The session owns the connection; a command finishing must not close it. */
    @Override public void close() { }
}
