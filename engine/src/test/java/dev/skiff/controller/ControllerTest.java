package dev.skiff.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ControllerTest {

    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final Request A = Request.of("ns", "a");

    private final ManualTime time = new ManualTime();
    private Controller controller;

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.stop(Duration.ofSeconds(2));
        }
    }

    @Test
    void reconcilesEnqueuedRequests() {
        Set<Request> seen = ConcurrentHashMap.newKeySet();
        controller = new Controller("basic", r -> {
            seen.add(r);
            return Result.done();
        }, 2, time);
        controller.start();

        controller.enqueue(A);
        controller.enqueue(Request.clusterScoped("node-1"));

        await().atMost(BOUND).until(() -> seen.size() == 2);
        assertThat(seen).containsExactlyInAnyOrder(A, Request.clusterScoped("node-1"));
    }

    @Test
    void duplicatesCollapseWhileInFlight() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        controller = new Controller("collapse", r -> {
            if (calls.incrementAndGet() == 1) {
                awaitLatch(release);
            }
            return Result.done();
        }, 4, time);
        controller.start();

        controller.enqueue(A);
        await().atMost(BOUND).until(() -> calls.get() == 1);
        for (int i = 0; i < 50; i++) {
            controller.enqueue(A);
        }
        release.countDown();

        await().atMost(BOUND).until(() -> calls.get() == 2);
        Thread.sleep(100); // give a wrong implementation the chance to call a third time
        assertThat(calls.get()).isEqualTo(2);
        assertThat(controller.metrics().snapshot().adds()).isEqualTo(2);
    }

    /**
     * Eight workers, five keys, four threads enqueueing as fast as they can: a reconcile never
     * overlaps another for the same key, different keys do run in parallel, and every key is
     * reconciled at least once after its last enqueue (no change is lost).
     */
    @Test
    void sameKeyIsNeverReconciledConcurrently() throws InterruptedException {
        Set<Request> active = ConcurrentHashMap.newKeySet();
        AtomicBoolean overlapped = new AtomicBoolean();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        AtomicLong version = new AtomicLong();
        Map<Request, Long> lastEnqueued = new ConcurrentHashMap<>();
        Map<Request, Long> lastSeen = new ConcurrentHashMap<>();
        controller = new Controller("serial", r -> {
            if (!active.add(r)) {
                overlapped.set(true);
            }
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            lastSeen.merge(r, version.get(), Math::max);
            busyFor(ThreadLocalRandom.current().nextInt(50, 300));
            running.decrementAndGet();
            active.remove(r);
            return Result.done();
        }, 8, time);
        controller.start();

        List<Request> keys = IntStream.range(0, 5).mapToObj(i -> Request.of("ns", "k" + i)).toList();
        List<Thread> producers = IntStream.range(0, 4).mapToObj(p -> Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 2_000; i++) {
                Request key = keys.get(ThreadLocalRandom.current().nextInt(keys.size()));
                lastEnqueued.merge(key, version.incrementAndGet(), Math::max);
                controller.enqueue(key);
                if (i % 50 == 0) {
                    Thread.yield();
                }
            }
        })).toList();
        for (Thread producer : producers) {
            producer.join(BOUND);
        }

        await().atMost(BOUND).until(() -> keys.stream()
                .allMatch(k -> lastSeen.getOrDefault(k, -1L) >= lastEnqueued.get(k)));
        assertThat(overlapped).isFalse();
        assertThat(maxRunning.get()).as("different keys ran in parallel").isGreaterThan(1);
    }

    @Test
    void requeueAfterIsHonoured() {
        AtomicInteger calls = new AtomicInteger();
        controller = new Controller("requeue", r -> calls.incrementAndGet() == 1
                ? Result.requeueAfter(Duration.ofSeconds(30))
                : Result.done(), 1, time);
        controller.start();

        controller.enqueue(A);
        await().atMost(BOUND).until(() -> controller.metrics().snapshot().waiting() == 1);

        time.advance(Duration.ofSeconds(29));
        assertThat(controller.metrics().snapshot().waiting()).isEqualTo(1);
        assertThat(calls.get()).isEqualTo(1);

        time.advance(Duration.ofSeconds(1));
        await().atMost(BOUND).until(() -> calls.get() == 2);
        assertThat(controller.metrics().snapshot().requeues()).isEqualTo(1);
        assertThat(controller.metrics().snapshot().retries()).isZero();
    }

    @Test
    void failuresAreLoggedWithTheKeyAndRetriedWithBackoff() {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger failuresLeft = new AtomicInteger(3);
        controller = new Controller("flaky", r -> {
            calls.incrementAndGet();
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("boom #" + calls.get());
            }
            return Result.done();
        }, 2, time);
        controller.start();

        String log = capturingStderr(() -> {
            controller.enqueue(A);
            awaitFailedAndWaiting(1);
            expectRetryAfter(Duration.ofMillis(5), 2);
            awaitFailedAndWaiting(2);
            expectRetryAfter(Duration.ofMillis(10), 3);
            awaitFailedAndWaiting(3);
            expectRetryAfter(Duration.ofMillis(20), 4);
            await().atMost(BOUND).until(() -> controller.metrics().snapshot().reconciles() == 4);
        });

        assertThat(log).contains("flaky", "ns/a", "boom #1", "boom #3", "attempt 3");
        ControllerMetrics.Snapshot metrics = controller.metrics().snapshot();
        assertThat(metrics.errors()).isEqualTo(3);
        assertThat(metrics.retries()).isEqualTo(3);

        // success forgot the backoff: the next failure waits 5 ms again, not 40 ms
        failuresLeft.set(1);
        controller.enqueue(A);
        awaitFailedAndWaiting(4);
        expectRetryAfter(Duration.ofMillis(5), 6);
    }

    private void awaitFailedAndWaiting(int errors) {
        await().atMost(BOUND).until(() -> controller.metrics().snapshot().errors() == errors
                && controller.metrics().snapshot().waiting() == 1);
    }

    private void expectRetryAfter(Duration backoff, int expectedCalls) {
        long before = controller.metrics().snapshot().reconciles();
        time.advance(backoff.minusNanos(1));
        assertThat(controller.metrics().snapshot().waiting()).as("still backing off").isEqualTo(1);
        assertThat(controller.metrics().snapshot().reconciles()).isEqualTo(before);
        time.advance(Duration.ofNanos(1));
        await().atMost(BOUND).until(() -> controller.metrics().snapshot().reconciles() == expectedCalls);
    }

    @Test
    void metricsReportLatencyQuantiles() {
        // each reconcile "takes" as many milliseconds of manual time as its name says
        controller = new Controller("latency", r -> {
            time.advance(Duration.ofMillis(Long.parseLong(r.name())));
            return Result.done();
        }, 1, time);
        controller.start();

        for (int ms = 1; ms <= 100; ms++) {
            controller.enqueue(Request.clusterScoped(Integer.toString(ms)));
        }
        await().atMost(BOUND).until(() -> controller.metrics().snapshot().reconciles() == 100);

        ControllerMetrics.Snapshot metrics = controller.metrics().snapshot();
        assertThat(metrics.adds()).isEqualTo(100);
        assertThat(metrics.depth()).isZero();
        assertThat(metrics.p50().toMillis()).isBetween(50L, 60L);
        assertThat(metrics.p99().toMillis()).isBetween(99L, 100L);
        assertThat(metrics.max()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void stopEndsWorkersDropsEnqueuesAndCanStartAgain() {
        AtomicInteger calls = new AtomicInteger();
        controller = new Controller("restart", r -> {
            calls.incrementAndGet();
            return Result.done();
        }, 3, time);
        controller.start();
        controller.enqueue(A);
        await().atMost(BOUND).until(() -> calls.get() == 1);

        assertThat(controller.stop(Duration.ofSeconds(5))).isTrue();
        assertThat(controller.isRunning()).isFalse();
        controller.enqueue(Request.of("ns", "while-stopped"));
        assertThat(calls.get()).isEqualTo(1);

        controller.start();
        controller.enqueue(A);
        await().atMost(BOUND).until(() -> calls.get() == 2);
        assertThat(controller.metrics().snapshot().adds()).isEqualTo(2);
    }

    @Test
    void stopInterruptsAReconcileThatOutlivesTheGrace() {
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch entered = new CountDownLatch(1);
        controller = new Controller("stuck", r -> {
            entered.countDown();
            try {
                Thread.sleep(Duration.ofHours(1));
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
            return Result.done();
        }, 1, time);
        controller.start();
        controller.enqueue(A);
        awaitLatch(entered);

        assertThat(controller.stop(Duration.ofMillis(100))).isFalse();
        await().atMost(BOUND).untilTrue(interrupted);
    }

    @Test
    void openCollectsRequestsBeforeWorkersStart() {
        AtomicInteger calls = new AtomicInteger();
        controller = new Controller("gated", r -> {
            calls.incrementAndGet();
            return Result.done();
        }, 2, time);

        controller.enqueue(Request.of("ns", "before-open")); // dropped: nothing collects yet
        controller.open();
        controller.enqueue(A);
        assertThat(controller.metrics().snapshot().depth()).isEqualTo(1);
        assertThat(calls.get()).isZero();

        controller.startWorkers();
        await().atMost(BOUND).until(() -> calls.get() == 1);
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            assertThat(latch.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void busyFor(long micros) {
        long until = System.nanoTime() + micros * 1_000;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    /** slf4j-simple writes to whatever System.err is at the time of each log call. */
    private static String capturingStderr(Runnable body) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
