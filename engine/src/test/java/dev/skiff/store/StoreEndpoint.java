package dev.skiff.store;

/** A store server a {@link StoreContract} can run against, and break on purpose. */
public interface StoreEndpoint {

    /** How to reach the server. */
    StoreConfig config();

    /** Stops the server and starts it again on the same address and data; returns when it serves. */
    void restart();

    /** Discards history before {@code revision}. */
    default void compact(long revision) {
        try (EtcdStore store = EtcdStore.connect(config())) {
            store.compact(revision);
        }
    }

    static StoreEndpoint of(EtcdProcess etcd) {
        return new StoreEndpoint() {
            @Override
            public StoreConfig config() {
                return etcd.config();
            }

            @Override
            public void restart() {
                etcd.restart();
            }

            @Override
            public String toString() {
                return "etcd at " + etcd.endpoint();
            }
        };
    }
}
