package dev.skiff.client;

import static dev.skiff.client.Fixtures.configMap;
import static dev.skiff.client.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.ConfigMap;
import dev.skiff.api.LabelSelector;
import dev.skiff.api.Namespace;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Pod;
import dev.skiff.store.ForwardingStore;
import dev.skiff.store.ListOptions;
import dev.skiff.store.Page;
import dev.skiff.store.Store;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.embedded.EmbeddedServer;
import dev.skiff.store.embedded.EmbeddedServerConfig;
import dev.skiff.store.wire.WireStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A selective read on the embedded server, through WireStore as the CLI and the node agent read: only what may
 * match crosses the wire (the server applies the filter's strings), and the answer is what it always was.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SelectiveListEmbeddedIT {
    private EmbeddedServer server;
    private Store wire;
    private Client client;
    private final AtomicInteger transferred = new AtomicInteger();
    private final String ns = "selective";

    /** The objects each list brought over the wire, counted where the pages arrive. */
    private final class Counting extends ForwardingStore {
        @Override
        protected Store delegate() {
            return wire;
        }

        @Override
        public Page list(String prefix, ListOptions options) {
            Page page = super.list(prefix, options);
            transferred.addAndGet(page.items().size());
            return page;
        }
    }

    @BeforeEach
    void start() throws Exception {
        Path dir = Files.createTempDirectory("skiff-selective-list");
        server = EmbeddedServer.start(new EmbeddedServerConfig(dir, "127.0.0.1", 0));
        wire = WireStore.connect(StoreConfig.parse("127.0.0.1:" + server.port()));
        client = new Client(new Counting(), Clock.systemUTC());
        client.create(new Namespace(null, null, ObjectMeta.named(ns), null, null));
    }

    @AfterEach
    void stop() {
        wire.close();
        server.close();
    }

    @Test
    void aLabelSelectedListBringsOnlyWhatMayMatch() {
        for (int i = 0; i < 40; i++) client.create(configMap(ns, "cm-" + i, "k", "v", i % 10 == 0 ? "web" : "web-" + i));
        transferred.set(0);
        assertThat(client.list(ConfigMap.class, ns, LabelSelector.parse("tier=web")).items())
                .extracting(ConfigMap::name).containsExactly("cm-0", "cm-10", "cm-20", "cm-30");
        assertThat(transferred).hasValue(4);
    }

    @Test
    void aNodeAgentsPodInformerListsOnlyItsNodesPods() {
        for (int i = 0; i < 12; i++) client.create(pod(ns, "p-" + i, i % 4 == 0 ? "pi-1" : "pi-" + (i % 4 + 1)));
        transferred.set(0);
        Informer<Pod> pods = new Informer<>(client, Pod.class, null, StoredFilter.podsBoundTo("pi-1")).start();
        try {
            assertThat(pods.awaitSynced(Duration.ofSeconds(20))).isTrue();
            assertThat(pods.list()).extracting(Pod::name).containsExactlyInAnyOrder("p-0", "p-4", "p-8");
            assertThat(transferred).hasValue(3);
        } finally {
            pods.close();
        }
    }
}
