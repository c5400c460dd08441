package dev.skiff.controllers.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.ConfigMap;
import dev.skiff.api.Event;
import dev.skiff.api.EventSource;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.ObjectReference;
import dev.skiff.client.Client;
import dev.skiff.controllers.TestCluster;
import dev.skiff.controllers.TestCluster.Backend;
import dev.skiff.engine.Engine;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EventTtlIT {

    @Test
    void eventsAreDeletedOnceTheirLastOccurrenceIsOlderThanTheTtl() {
        Duration ttl = Duration.ofSeconds(4);
        try (TestCluster c = TestCluster.start(Backend.ETCD, TestCluster.fastConfig().withEventTtl(ttl), Engine.builtIn())) {
            Client client = c.client();
            ConfigMap cm = client.create(new ConfigMap(null, null, ObjectMeta.named("default", "cfg"), Map.of("k", "v"), null, null));
            Instant longAgo = Instant.now().minus(Duration.ofHours(2));
            client.create(new Event(null, null, ObjectMeta.named("default", "cfg.old"), ObjectReference.to(cm), "Old",
                    "from long ago", new EventSource("test", null), longAgo, longAgo, 1, "Normal", "test", null));
            Instant started = Instant.now();
            c.engine().context().events().normal(cm, "Fresh", "just happened");
            c.engine().context().events().flush();

            await().atMost(10, TimeUnit.SECONDS).until(() -> client.get(Event.class, "default", "cfg.old").isEmpty());
            assertThat(client.list(Event.class, "default").items()).extracting(Event::reason).contains("Fresh");

            await().atMost(20, TimeUnit.SECONDS).until(() -> client.list(Event.class, "default").items().stream()
                    .noneMatch(e -> "Fresh".equals(e.reason())));
            // not before its time (timestamps are whole seconds, hence the second of slack)
            assertThat(Duration.between(started, Instant.now())).isGreaterThanOrEqualTo(ttl.minusSeconds(1));
        }
    }
}
