package dev.skiff.client.admission;

import dev.skiff.store.StoreConfig;
import dev.skiff.testing.SharedEmbeddedServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** The admission contract against the embedded store. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AdmissionEmbeddedIT extends AdmissionContract {
    @Override
    protected StoreConfig config() {
        return SharedEmbeddedServer.config();
    }
}
