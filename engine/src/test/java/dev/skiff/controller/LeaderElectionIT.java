package dev.skiff.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.skiff.store.Compare;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Op;
import dev.skiff.store.Txn;
import dev.skiff.store.TxnResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/** Two electors, each with its own client connection (as two processes would), on a real etcd. */
@Timeout(90)
class LeaderElectionIT {

    private static dev.skiff.store.EtcdProcess etcd;

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private String key;

    @BeforeAll
    static void startEtcd() {
        etcd = dev.skiff.store.EtcdProcess.start();
    }

    @AfterAll
    static void stopEtcd() {
        if (etcd != null) {
            etcd.close();
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) {
            c.close();
        }
    }

    @BeforeEach
    void uniqueKey(TestInfo test) {
        key = "/it/" + test.getTestMethod().orElseThrow().getName() + "/leader";
    }

    @Test
    void exactlyOneOfTwoCandidatesLeads() throws InterruptedException {
        Side a = side("a", LeaderElection.DEFAULT_TTL);
        Side b = side("b", LeaderElection.DEFAULT_TTL);
        a.election.start();
        b.election.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> a.election.isLeader() || b.election.isLeader());
        Thread.sleep(500);

        assertThat(a.election.isLeader() ^ b.election.isLeader()).as("exactly one leader").isTrue();
        Side leader = a.election.isLeader() ? a : b;
        Side standby = leader == a ? b : a;
        await().atMost(Duration.ofSeconds(5)).until(() -> standby.election.leader().equals(leader.election.leader()));
        assertThat(leader.events).containsExactly("started");
        assertThat(standby.events).isEmpty();
        assertThat(new String(a.store.get(key).orElseThrow().value(), StandardCharsets.UTF_8))
                .isEqualTo(leader.election.identity());
    }

    @Test
    void standbyTakesOverWithinTheTtlWhenTheLeaderStallsAndTheOldGuardFails() {
        Duration ttl = LeaderElection.DEFAULT_TTL;
        Side a = side("a", ttl);
        a.election.start();
        await().atMost(Duration.ofSeconds(10)).until(a.election::isLeader);
        Side b = side("b", ttl);
        b.election.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> b.election.leader().orElse("").equals("a"));
        await().atMost(Duration.ofSeconds(5)).until(() -> a.reconciles.get() == 1);
        LeaderGuard oldTerm = a.election.guard().orElseThrow();
        assertThat(oldTerm.txn(a.store, Txn.when().then(Op.put("/it/owner", bytes("a")))).succeeded()).isTrue();

        long stalledAt = System.nanoTime();
        a.election.stallForTesting();

        await().atMost(ttl.plusSeconds(3)).pollInterval(Duration.ofMillis(10)).until(b.election::isLeader);
        Duration takeover = Duration.ofNanos(System.nanoTime() - stalledAt);
        System.out.printf("leader failover after a stall: %d ms (ttl %d s)%n", takeover.toMillis(), ttl.toSeconds());
        assertThat(a.election.isLeader()).as("the stalled leader's own deadline passed first").isFalse();
        assertThat(takeover).isLessThanOrEqualTo(ttl.plusMillis(1500));

        // the deposed leader's write is refused by the store, whatever it believes
        assertThatThrownBy(() -> oldTerm.txn(a.store, Txn.when().then(Op.put("/it/owner", bytes("a-late")))))
                .isInstanceOf(NotLeaderException.class)
                .hasMessageContaining("held by b");
        assertThat(a.store.txn(oldTerm.guard(Txn.when().then(Op.put("/it/owner", bytes("a-raw"))))).succeeded())
                .isFalse();
        LeaderGuard newTerm = b.election.guard().orElseThrow();
        assertThat(newTerm.txn(b.store, Txn.when().then(Op.put("/it/owner", bytes("b")))).succeeded()).isTrue();
        assertThat(b.store.get("/it/owner").orElseThrow().valueAsString()).isEqualTo("b");

        // controllers moved with the leadership
        await().atMost(Duration.ofSeconds(5)).until(() -> a.events.contains("stopped"));
        assertThat(a.manager.isRunning()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> b.reconciles.get() == 1);
        assertThat(b.manager.isRunning()).isTrue();
        // after a pause the old leader campaigns again, loses, and follows the new one
        await().atMost(Duration.ofSeconds(5)).until(() -> a.election.leader().orElse("").equals("b"));
        assertThat(a.election.isLeader()).isFalse();
    }

    @Test
    void closingTheLeaderResignsSoTheStandbyNeedNotWaitForTheTtl() {
        Side a = side("a", LeaderElection.DEFAULT_TTL);
        a.election.start();
        await().atMost(Duration.ofSeconds(10)).until(a.election::isLeader);
        Side b = side("b", LeaderElection.DEFAULT_TTL);
        b.election.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> b.election.leader().isPresent());

        long closedAt = System.nanoTime();
        a.election.close();

        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10)).until(b.election::isLeader);
        System.out.printf("leader handover on resign: %d ms%n", (System.nanoTime() - closedAt) / 1_000_000);
        assertThat(a.events).containsExactly("started", "stopped");
        assertThat(a.election.isLeader()).isFalse();
    }

    @Test
    void guardedWriteWhoseOwnCompareFailsIsAnOrdinaryFailedTxn() {
        Side a = side("a", LeaderElection.DEFAULT_TTL);
        a.election.start();
        await().atMost(Duration.ofSeconds(10)).until(a.election::isLeader);
        LeaderGuard term = a.election.guard().orElseThrow();
        a.store.put("/it/counter", bytes("1"), 0);

        TxnResult result = term.txn(a.store, Txn.when(Compare.modRevision("/it/counter").eq(1))
                .then(Op.put("/it/counter", bytes("2")))
                .otherwise(Op.get("/it/counter")));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.results()).hasSize(1);
        assertThat(a.store.get("/it/counter").orElseThrow().valueAsString()).isEqualTo("1");
    }

    @Test
    void leaderStepsDownWhenItsKeyIsDeletedAndCampaignsAgain() {
        Side a = side("a", LeaderElection.DEFAULT_TTL);
        a.election.start();
        await().atMost(Duration.ofSeconds(10)).until(a.election::isLeader);
        long firstTerm = a.election.guard().orElseThrow().createRevision();

        a.store.delete(key);

        await().atMost(Duration.ofSeconds(5)).until(() -> a.events.size() == 3);
        assertThat(a.events).containsExactly("started", "stopped", "started");
        assertThat(a.election.guard().orElseThrow().createRevision()).isGreaterThan(firstTerm);
    }

    private Side side(String identity, Duration ttl) {
        EtcdStore store = EtcdStore.connect(etcd.config());
        cleanup.add(store);
        Side side = new Side(store, identity, new LeaderElection.Config(key, ttl, Duration.ofMillis(200), identity));
        cleanup.add(side.manager);
        cleanup.add(side.election);
        return side;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** One "process": a store connection, an elector and a manager running one controller. */
    private static final class Side implements LeaderElection.Callbacks {
        final EtcdStore store;
        final List<String> events = new CopyOnWriteArrayList<>();
        final AtomicInteger reconciles = new AtomicInteger();
        final ControllerManager manager = new ControllerManager(Duration.ofSeconds(2));
        final LeaderElection election;

        Side(EtcdStore store, String identity, LeaderElection.Config config) {
            this.store = store;
            Controller controller = new Controller("owner-" + identity, r -> {
                reconciles.incrementAndGet();
                return Result.done();
            }, 1);
            manager.add(controller).add(new Startable() {
                @Override
                public void start() {
                    controller.enqueue(Request.clusterScoped("owner"));
                }

                @Override
                public boolean hasSynced() {
                    return true;
                }

                @Override
                public void stop() {
                }
            });
            this.election = new LeaderElection(store, config, this);
        }

        @Override
        public void onStartedLeading(LeaderGuard guard) {
            events.add("started");
            manager.onStartedLeading(guard);
        }

        @Override
        public void onStoppedLeading() {
            events.add("stopped");
            manager.onStoppedLeading();
        }
    }
}
