package dev.skiff.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.ConfigMap;
import dev.skiff.api.Event;
import dev.skiff.api.Namespace;
import dev.skiff.api.ObjectMeta;
import dev.skiff.store.EtcdProcess;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 90, unit = TimeUnit.SECONDS)
class EventRecorderIT {
    static final int OBJECTS = 250;
    static final int REPEATS = 5;
    static final String NS = "events-" + System.nanoTime() % 1_000_000;

    /**
     * A burst of events is written in a handful of transactions, not one each — yet every event is
     * there, and repeats inside one batch still count.
     */
    @Test
    void aBurstIsWrittenInAFewTransactionsAndRepeatsStillCount() throws Exception {
        try (Store store = EtcdStore.connect(EtcdProcess.shared().config())) {
            Client client = new Client(store, Clock.systemUTC());
            client.create(new Namespace(null, null, ObjectMeta.named(NS), null, null));
            // the writer waits for the burst to be recorded, as it does behind a slow store
            CountDownLatch recorded = new CountDownLatch(1);
            Supplier<Client> afterBurst = () -> {
                try {
                    recorded.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return client;
            };
            long before = client.create(configMap("before")).metadata().revision();
            try (EventRecorder events = new EventRecorder(afterBurst, "test", "host", Clock.systemUTC())) {
                for (int i = 0; i < OBJECTS; i++) {
                    events.normal(configMap("cm-" + i), "Scheduled", "assigned cm-" + i);
                }
                for (int r = 0; r < REPEATS; r++) events.warning(configMap("cm-7"), "BackOff", "again");
                recorded.countDown();
                events.flush();
            }
            long after = client.create(configMap("after")).metadata().revision();

            List<Event> stored = client.list(Event.class, NS).items();
            assertThat(stored).hasSize(OBJECTS + 1);
            assertThat(stored).filteredOn(e -> e.reason().equals("BackOff")).singleElement()
                    .satisfies(e -> assertThat(e.count()).isEqualTo(REPEATS));
            assertThat(stored).filteredOn(e -> e.reason().equals("Scheduled"))
                    .allSatisfy(e -> assertThat(e.count()).isEqualTo(1));
            // one revision per transaction: about six batches (up to 50 each), not 251 single writes;
            // the margin is for other tests' writes to the shared store
            assertThat(after - before - 1).isLessThanOrEqualTo(20);
        }
    }

    private static ConfigMap configMap(String name) {
        return new ConfigMap(null, null, ObjectMeta.named(NS, name).withUid("uid-" + name), Map.of(), null,
                null);
    }
}
