package dev.skiff.store;

import dev.skiff.store.wire.WireStore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** The store contract and EtcdStoreIT's client-side cases, on real etcd, through WireStore. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class WireStoreEtcdIT extends EtcdStoreIT {

    @Override
    protected Store connect(StoreConfig config) {
        return WireStore.connect(config);
    }
}
