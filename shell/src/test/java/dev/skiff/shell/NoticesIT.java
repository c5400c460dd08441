package dev.skiff.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.Condition;
import dev.skiff.api.Container;
import dev.skiff.api.Node;
import dev.skiff.api.NodeStatus;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Pod;
import dev.skiff.api.PodSpec;
import dev.skiff.chaos.PodChaos;
import dev.skiff.client.EventRecorder;
import dev.skiff.client.Client;
import dev.skiff.store.EtcdProcess;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NoticesIT {

    @Test
    void nodesGoingDownAndUpAreAnnouncedButTheFirstListingIsNot() {
        try (Store store = EtcdStore.connect(EtcdProcess.shared().config())) {
            Client client = new Client(store, Clock.systemUTC());
            String name = "notice-" + System.nanoTime() % 100000;
            Node existing = client.create(new Node(null, null, ObjectMeta.named(name + "-old"), null, status(true)));
            List<String> said = new CopyOnWriteArrayList<>();
            try (ClusterCache cache = new ClusterCache(client)) {
                new Notices(said::add, Clock.systemUTC()).watch(cache);
                cache.informer(Node.class).awaitSynced(Duration.ofSeconds(10));
                Node n = client.create(new Node(null, null, ObjectMeta.named(name), null, status(true)));
                client.updateStatus(n.withStatus(status(false)));
                await().atMost(5, TimeUnit.SECONDS).until(() -> said.size() >= 2);
                assertThat(String.join("\n", said)).contains("node " + name + " joined and is Ready", "node " + name + " is NotReady")
                        .doesNotContain(existing.name());
            }
        }
    }

    /** A local cluster's nodes often join between the banner's read and the notices' start: still news. */
    @Test
    void nodesThatJoinedAfterTheBannerAreAnnouncedOnceWhenNoticesStartLate() {
        try (Store store = EtcdStore.connect(EtcdProcess.shared().config())) {
            Client client = new Client(store, Clock.systemUTC());
            String name = "late-" + System.nanoTime() % 100000;
            Node known = client.create(new Node(null, null, ObjectMeta.named(name + "-known"), null, status(true)));
            Node joined = client.create(new Node(null, null, ObjectMeta.named(name + "-joined"), null, status(true)));
            List<String> said = new CopyOnWriteArrayList<>();
            try (ClusterCache cache = new ClusterCache(client)) {
                new Notices(said::add, Clock.systemUTC()).watch(cache, java.util.Set.of(known.name()));
                await().atMost(10, TimeUnit.SECONDS).until(() -> String.join("\n", said).contains(joined.name()));
                client.updateStatus(client.get(Node.class, null, joined.name()).orElseThrow().withStatus(status(true)));
                await().during(500, TimeUnit.MILLISECONDS).atMost(5, TimeUnit.SECONDS).until(() -> true);
                String all = String.join("\n", said);
                assertThat(all).contains("node " + joined.name() + " joined and is Ready").doesNotContain(known.name() + " ");
                assertThat(said.stream().filter(l -> l.contains(joined.name())).count()).as(all).isEqualTo(1);
            }
        }
    }

    /** A fault injected and ended elsewhere (a script, another terminal) is news at the prompt; a pod's own events are not. */
    @Test
    void faultsStartingAndEndingAreAnnounced() {
        try (Store store = EtcdStore.connect(EtcdProcess.shared().config())) {
            Client client = new Client(store, Clock.systemUTC());
            String name = "fault-" + System.nanoTime() % 100000;
            List<String> said = new CopyOnWriteArrayList<>();
            try (ClusterCache cache = new ClusterCache(client);
                 EventRecorder events = new EventRecorder(() -> client, "notices-test", "here", Clock.systemUTC())) {
                new Notices(said::add, Clock.systemUTC()).watch(cache);
                cache.informer(dev.skiff.api.Event.class).awaitSynced(Duration.ofSeconds(10));
                PodChaos fault = PodChaos.of(ObjectMeta.named("default", name), null);
                events.normal(Pod.of(ObjectMeta.named("default", name + "-pod"), PodSpec.of(Container.of("c", "i"))),
                        "Injected", "not a fault's event");
                events.normal(fault, "Injected", "pod-kill pod/default/web-1: killed");
                events.normal(fault, "Ended", "fault ended: DurationElapsed");
                await().atMost(10, TimeUnit.SECONDS).until(() -> said.size() >= 2);
                String all = String.join("\n", said);
                assertThat(all).contains("fault podchaos/" + name + " injected: pod-kill pod/default/web-1: killed",
                        "fault podchaos/" + name + " ended: fault ended: DurationElapsed").doesNotContain("not a fault's event");
            }
        }
    }

    private static NodeStatus status(boolean ready) {
        return new NodeStatus(null, null, null, List.of(Condition.of("Ready", ready, null, null, Instant.now())),
                null, null, null);
    }
}
