package dev.skiff.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The store contract against real etcd, plus what only a client can see (unreachable server). */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class EtcdStoreIT extends StoreContract {

    @Override
    protected StoreEndpoint endpoint() {
        return StoreEndpoint.of(EtcdProcess.shared());
    }

    @Test
    void connectFailsFastAndSaysWhatToDoWhenNothingListens() {
        int port = EtcdProcess.freePort();
        StoreConfig config = StoreConfig.parse("127.0.0.1:" + port);
        long start = System.nanoTime();
        assertThatThrownBy(() -> connect(config))
                .isInstanceOfSatisfying(StoreException.Unavailable.class, e -> {
                    assertThat(e.getMessage()).contains("127.0.0.1:" + port).contains("skiff server");
                    assertThat(e.endpoints()).containsExactly("127.0.0.1:" + port);
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void requestsToAStoppedServerEndInUnavailableNotAHang() {
        EtcdProcess own = EtcdProcess.start();
        try (Store s = connect(new StoreConfig(List.of(own.endpoint()), Duration.ofSeconds(2), Duration.ofSeconds(2)))) {
            s.put("/k", new byte[] {1}, 0);
            own.kill();
            long start = System.nanoTime();
            assertThatThrownBy(() -> s.get("/k")).isInstanceOf(StoreException.Unavailable.class)
                    .hasMessageContaining(own.endpoint().getPort() + "");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        } finally {
            own.close();
        }
    }

    @Test
    void watchReportsUnavailableWhenTheServerStaysDown() {
        EtcdProcess own = EtcdProcess.start();
        try (Store s = connect(new StoreConfig(List.of(own.endpoint()), Duration.ofSeconds(1), Duration.ofMillis(500)))) {
            EventRecorder rec = new EventRecorder();
            s.watch("/", 0, rec);
            own.kill();
            assertThat(rec.awaitError()).isInstanceOf(StoreException.Unavailable.class);
        } finally {
            own.close();
        }
    }

    @Test
    void endpointUriIsNormalised() {
        assertThat(StoreConfig.parse("http://10.0.0.1:2379, 10.0.0.2:2379").endpoints())
                .containsExactly(URI.create("http://10.0.0.1:2379"), URI.create("http://10.0.0.2:2379"));
    }
}
