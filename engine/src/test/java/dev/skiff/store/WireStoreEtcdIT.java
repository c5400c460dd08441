package dev.skiff.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.store.wire.WireStore;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The store contract and EtcdStoreIT's client-side cases, on real etcd, through WireStore. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class WireStoreEtcdIT extends EtcdStoreIT {

    @Override
    protected Store connect(StoreConfig config) {
        return WireStore.connect(config);
    }

    /**
     * Values of 1 MB: each request spans many frames and outgrows the server's 64 KB windows, and the
     * watch receives more than the 1 MB window this client advertises, so both sides' WINDOW_UPDATEs must flow.
     */
    @Test
    void largeValuesCrossTheFlowControlWindowsBothWays() {
        byte[] big = new byte[1 << 20];
        EventRecorder rec = new EventRecorder();
        try (Watch w = store.watch(p, 0, rec)) {
            for (int i = 0; i < 4; i++) {
                Arrays.fill(big, (byte) ('a' + i));
                store.put(p + "big" + i, big, 0);
                assertThat(store.get(p + "big" + i).orElseThrow().value()).isEqualTo(big);
            }
            assertThat(rec.awaitEvents(4)).allSatisfy(e -> assertThat(((WatchEvent.Put) e).kv().value()).hasSize(1 << 20));
        }
    }
}
