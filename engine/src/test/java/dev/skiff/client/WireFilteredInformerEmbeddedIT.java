package dev.skiff.client;

import dev.skiff.store.Store;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.wire.WireStore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** FilteredInformerEmbeddedIT with the informer reading through WireStore, as the node agent does. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WireFilteredInformerEmbeddedIT extends FilteredInformerEmbeddedIT {

    @Override
    protected Store connectInformerStore(StoreConfig config) {
        return WireStore.connect(config);
    }
}
