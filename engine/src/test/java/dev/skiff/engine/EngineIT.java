package dev.skiff.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.ConfigMap;
import dev.skiff.api.Event;
import dev.skiff.api.Namespace;
import dev.skiff.api.ObjectMeta;
import dev.skiff.client.Client;
import dev.skiff.store.EtcdProcess;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 90, unit = TimeUnit.SECONDS)
class EngineIT {

    @Test
    void oneOfTwoEnginesLeadsCreatesTheBuiltInNamespacesAndAStandbyTakesOver() {
        try (EtcdProcess etcd = EtcdProcess.start();
             Store s1 = EtcdStore.connect(etcd.config());
             Store s2 = EtcdStore.connect(etcd.config())) {
            EngineConfig base = EngineConfig.defaults().withLeaderTtl(Duration.ofSeconds(2));
            Engine a = new Engine(s1, base.withIdentity("a"), Clock.systemUTC(), Engine.builtIn()).start();
            Engine b = new Engine(s2, base.withIdentity("b"), Clock.systemUTC(), Engine.builtIn()).start();
            await().atMost(20, TimeUnit.SECONDS).until(() -> a.isLeader() || b.isLeader());
            assertThat(a.isLeader() && b.isLeader()).isFalse();
            Client reader = new Client(s1, Clock.systemUTC());
            await().atMost(20, TimeUnit.SECONDS).untilAsserted(() ->
                    assertThat(reader.list(Namespace.class, null).items()).extracting(Namespace::name)
                            .contains("default", "skiff-system"));

            Engine leader = a.isLeader() ? a : b;
            Engine standby = leader == a ? b : a;
            leader.close();
            await().atMost(10, TimeUnit.SECONDS).until(standby::isLeader);
            standby.close();
        }
    }

    @Test
    void repeatedEventsAggregateIntoOneWithACount() {
        try (EtcdProcess etcd = EtcdProcess.start(); Store store = EtcdStore.connect(etcd.config());
             Engine engine = new Engine(store, EngineConfig.defaults().withIdentity("solo"), Clock.systemUTC(),
                     Engine.builtIn()).start()) {
            await().atMost(20, TimeUnit.SECONDS).until(engine::isLeader);
            Client client = new Client(store, Clock.systemUTC());
            ConfigMap cm = client.create(new ConfigMap(null, null, ObjectMeta.named("default", "cfg"),
                    Map.of("k", "v"), null, null));
            for (int i = 0; i < 3; i++) engine.context().events().warning(cm, "BackOff", "restarting failed container");
            engine.context().events().normal(cm, "Synced", "all good");
            engine.context().events().flush();
            List<Event> events = client.list(Event.class, "default").items();
            assertThat(events).hasSize(2);
            Event backOff = events.stream().filter(e -> e.reason().equals("BackOff")).findFirst().orElseThrow();
            assertThat(backOff.count()).isEqualTo(3);
            assertThat(backOff.type()).isEqualTo("Warning");
            assertThat(backOff.involvedObject().name()).isEqualTo("cfg");
            assertThat(backOff.metadata().name()).startsWith("cfg.");
        }
    }
}
