package dev.skiff.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ControllerManagerTest {

    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final Request A = Request.of("ns", "a");

    private final AtomicInteger calls = new AtomicInteger();
    private final Controller controller = new Controller("counting", r -> {
        calls.incrementAndGet();
        return Result.done();
    }, 2);
    private final Feed feed = new Feed(controller);
    private final ControllerManager manager = new ControllerManager(Duration.ofSeconds(2)).add(controller).add(feed);

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void workersWaitForCachesToSync() throws InterruptedException {
        manager.startLeading(null);

        await().atMost(BOUND).until(() -> feed.starts.get() == 1);
        Thread.sleep(100);
        assertThat(calls.get()).as("reconciled before the cache synced").isZero();
        assertThat(manager.isRunning()).isFalse();
        assertThat(controller.metrics().snapshot().depth()).as("the feed's replay is queued").isEqualTo(1);

        feed.synced.set(true);

        await().atMost(BOUND).until(() -> calls.get() == 1);
        assertThat(manager.isRunning()).isTrue();
    }

    @Test
    void extraSyncChecksGateToo() throws InterruptedException {
        AtomicBoolean otherCache = new AtomicBoolean();
        manager.waitFor(otherCache::get);
        feed.synced.set(true);
        manager.startLeading(null);

        Thread.sleep(100);
        assertThat(calls.get()).isZero();

        otherCache.set(true);
        await().atMost(BOUND).until(() -> calls.get() == 1);
    }

    @Test
    void losingLeadershipStopsControllersAndFeedsAndANewTermStartsAfresh() {
        feed.synced.set(true);
        manager.startLeading(null);
        await().atMost(BOUND).until(() -> calls.get() == 1);

        manager.stopLeading();

        assertThat(manager.isRunning()).isFalse();
        assertThat(controller.isRunning()).isFalse();
        assertThat(feed.stops.get()).isEqualTo(1);
        controller.enqueue(A);
        assertThat(controller.metrics().snapshot().depth()).isZero();

        manager.startLeading(null);
        await().atMost(BOUND).until(() -> calls.get() == 2);
        assertThat(feed.starts.get()).isEqualTo(2);
    }

    @Test
    void losingLeadershipWhileWaitingForCachesNeverStartsWorkers() throws InterruptedException {
        manager.startLeading(null);
        await().atMost(BOUND).until(() -> feed.starts.get() == 1);

        manager.stopLeading();
        feed.synced.set(true);
        Thread.sleep(100);

        assertThat(calls.get()).isZero();
        assertThat(controller.isRunning()).isFalse();
        assertThat(feed.stops.get()).isEqualTo(1);
    }

    @Test
    void guardIsHandedToWritersForTheTerm() {
        LeaderGuard term = new LeaderGuard("/skiff/leader", 7, 42, "me");
        manager.onStartedLeading(term);
        assertThat(manager.guard()).contains(term);

        manager.onStoppedLeading();
        assertThat(manager.guard()).isEmpty();
    }

    /** Plays an informer: on start it replays what it knows into the controller, then syncs when told. */
    private static final class Feed implements Startable {
        final AtomicBoolean synced = new AtomicBoolean();
        final AtomicInteger starts = new AtomicInteger();
        final AtomicInteger stops = new AtomicInteger();
        private final Controller target;

        Feed(Controller target) {
            this.target = target;
        }

        @Override
        public void start() {
            starts.incrementAndGet();
            target.enqueue(A);
        }

        @Override
        public boolean hasSynced() {
            return synced.get();
        }

        @Override
        public void stop() {
            stops.incrementAndGet();
        }
    }
}
