package dev.skiff.controllers.quota;

import dev.skiff.store.EtcdProcess;
import dev.skiff.store.StoreConfig;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** The quota controller contract on a real etcd of its own. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class QuotaControllerEtcdIT extends QuotaControllerContract {
    private EtcdProcess etcd;

    @Override
    protected StoreConfig startStore() {
        etcd = EtcdProcess.start();
        return etcd.config();
    }

    @Override
    protected void stopStore() {
        if (etcd != null) etcd.close();
    }
}
