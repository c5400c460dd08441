package dev.skiff.store.embedded;

import dev.skiff.store.Store;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.wire.WireStore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** The store contract on the embedded server, through WireStore. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class WireStoreEmbeddedIT extends EmbeddedStoreIT {

    @Override
    protected Store connect(StoreConfig config) {
        return WireStore.connect(config);
    }

    @Override
    protected boolean filtersValues() {
        return true;
    }
}
