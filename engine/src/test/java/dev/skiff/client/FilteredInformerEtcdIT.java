package dev.skiff.client;

import dev.skiff.store.EtcdProcess;
import dev.skiff.store.StoreConfig;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** The filtered informer on real etcd (its own: these tests compact it). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FilteredInformerEtcdIT extends FilteredInformerContract {
    private EtcdProcess etcd;

    @Override
    protected StoreConfig startStore() {
        etcd = EtcdProcess.start();
        return etcd.config();
    }

    @Override
    protected void stopStore() {
        etcd.close();
    }
}
