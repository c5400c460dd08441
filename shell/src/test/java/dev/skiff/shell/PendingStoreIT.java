package dev.skiff.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.store.EtcdProcess;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.ListOptions;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.StoreException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The prompt's session connection, made behind the prompt: on first need, again after a failure, never after close. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PendingStoreIT {

    @Test
    void connectsOnFirstUseOnceAndServesTheStore() {
        AtomicInteger connects = new AtomicInteger();
        try (PendingStore store = PendingStore.onDemand("test-connect", () -> {
            connects.incrementAndGet();
            return EtcdStore.connect(EtcdProcess.shared().config());
        })) {
            assertThat(connects).as("nothing connects before it is needed").hasValue(0);
            store.put("/pending-store-it/a", "1".getBytes(), 0);
            store.connectNow();
            assertThat(store.list("/pending-store-it/", ListOptions.latest()).items()).hasSize(1);
            assertThat(connects).as("one connection for every call").hasValue(1);
        }
    }

    @Test
    void aFailedConnectionFailsTheCallWithItsErrorAndTheNextCallTriesAgain() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort(); // closed again: nothing listens there
        }
        AtomicReference<StoreConfig> where = new AtomicReference<>(StoreConfig.parse("127.0.0.1:" + closedPort));
        AtomicInteger connects = new AtomicInteger();
        try (PendingStore store = PendingStore.onDemand("test-connect", () -> {
            connects.incrementAndGet();
            return EtcdStore.connect(where.get());
        })) {
            assertThatThrownBy(() -> store.currentRevision()).isInstanceOf(StoreException.Unavailable.class)
                    .hasMessageContaining("127.0.0.1:" + closedPort);
            where.set(EtcdProcess.shared().config()); // the store is back
            assertThat(store.currentRevision()).isPositive();
            assertThat(connects).hasValue(2);
        }
    }

    @Test
    void closedBeforeUseNeverConnects() {
        AtomicInteger connects = new AtomicInteger();
        PendingStore store = PendingStore.onDemand("test-connect", () -> {
            connects.incrementAndGet();
            return EtcdStore.connect(EtcdProcess.shared().config());
        });
        store.close();
        store.connectNow();
        assertThatThrownBy(store::currentRevision).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(connects).hasValue(0);
    }

}
