package dev.skiff.client.admission;

import dev.skiff.store.EtcdProcess;
import dev.skiff.store.StoreConfig;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** The admission contract against real etcd. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AdmissionEtcdIT extends AdmissionContract {
    @Override
    protected StoreConfig config() {
        return EtcdProcess.shared().config();
    }
}
