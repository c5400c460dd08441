package dev.skiff.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

    private final ManualTime time = new ManualTime();
    private final WorkQueue<String> queue = new WorkQueue<>(time, ExponentialBackoff.defaults());

    @Test
    void duplicateKeysCollapseWhileWaiting() throws InterruptedException {
        queue.add("a");
        queue.add("a");
        queue.add("b");
        queue.add("a");

        assertThat(queue.len()).isEqualTo(2);
        assertThat(queue.adds()).isEqualTo(2);
        assertThat(queue.get()).contains("a");
        assertThat(queue.get()).contains("b");
        assertThat(queue.poll(Duration.ZERO)).isEmpty();
    }

    @Test
    void keyBeingProcessedIsNotHandedOutAgainUntilDone() throws InterruptedException {
        queue.add("a");
        assertThat(queue.get()).contains("a");

        queue.add("a");
        queue.add("a");
        assertThat(queue.len()).isZero();
        assertThat(queue.poll(Duration.ofMillis(20))).isEmpty();

        queue.done("a");

        assertThat(queue.len()).isEqualTo(1);
        assertThat(queue.get()).contains("a");
        queue.done("a");
        assertThat(queue.len()).isZero();
    }

    @Test
    void doneWithoutReAddLeavesNothingBehind() throws InterruptedException {
        queue.add("a");
        queue.get();
        queue.done("a");
        assertThat(queue.poll(Duration.ZERO)).isEmpty();
    }

    @Test
    void addAfterWaitsForTheClock() {
        queue.addAfter("a", Duration.ofSeconds(10));
        assertThat(queue.len()).isZero();
        assertThat(queue.waitingLen()).isEqualTo(1);

        time.advance(Duration.ofMillis(9_999));
        assertThat(queue.len()).isZero();

        time.advance(Duration.ofMillis(1));
        assertThat(queue.len()).isEqualTo(1);
        assertThat(queue.waitingLen()).isZero();
    }

    @Test
    void earliestOfSeveralDelaysWinsAndTheKeyComesOnce() throws InterruptedException {
        queue.addAfter("a", Duration.ofSeconds(10));
        queue.addAfter("a", Duration.ofSeconds(2));
        queue.addAfter("a", Duration.ofSeconds(5));
        assertThat(queue.waitingLen()).isEqualTo(1);

        time.advance(Duration.ofSeconds(2));
        assertThat(queue.get()).contains("a");
        queue.done("a");

        time.advance(Duration.ofSeconds(60));
        assertThat(queue.len()).isZero();
        assertThat(time.pendingTasks()).isZero();
    }

    @Test
    void delayedKeysComeOutInDueOrder() throws InterruptedException {
        queue.addAfter("late", Duration.ofSeconds(3));
        queue.addAfter("early", Duration.ofSeconds(1));
        queue.addAfter("middle", Duration.ofSeconds(2));

        time.advance(Duration.ofSeconds(3));

        assertThat(queue.get()).contains("early");
        assertThat(queue.get()).contains("middle");
        assertThat(queue.get()).contains("late");
    }

    @Test
    void zeroDelayAddsAtOnce() {
        queue.addAfter("a", Duration.ZERO);
        assertThat(queue.len()).isEqualTo(1);
    }

    @Test
    void rateLimitedAddsBackOffPerKeyAndForgetResets() throws InterruptedException {
        assertReadyAfter("a", Duration.ofMillis(5));
        assertReadyAfter("a", Duration.ofMillis(10));
        assertReadyAfter("a", Duration.ofMillis(20));
        assertThat(queue.numRequeues("a")).isEqualTo(3);
        assertReadyAfter("b", Duration.ofMillis(5));

        queue.forget("a");

        assertThat(queue.numRequeues("a")).isZero();
        assertReadyAfter("a", Duration.ofMillis(5));
        assertThat(queue.retries()).isEqualTo(5);
    }

    private void assertReadyAfter(String key, Duration backoff) throws InterruptedException {
        queue.addRateLimited(key);
        time.advance(backoff.minusNanos(1));
        assertThat(queue.len()).as("%s ready before its %s backoff", key, backoff).isZero();
        time.advance(Duration.ofNanos(1));
        assertThat(queue.get()).contains(key);
        queue.done(key);
    }

    @Test
    void shutDownWakesABlockedGet() {
        CompletableFuture<Optional<String>> taken = takeInBackground();
        awaitBlocked();

        queue.shutDown();

        assertThat(taken).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(Optional.empty());
    }

    @Test
    void afterShutDownAddsAreIgnoredAndGetReturnsEmptyAtOnce() throws InterruptedException {
        queue.add("left-over");
        queue.addAfter("delayed", Duration.ofSeconds(1));

        queue.shutDown();
        queue.add("b");
        queue.addAfter("c", Duration.ofSeconds(1));
        time.advance(Duration.ofSeconds(5));

        assertThat(queue.isShutDown()).isTrue();
        assertThat(queue.get()).isEmpty();
        assertThat(queue.waitingLen()).isZero();
        assertThat(time.pendingTasks()).isZero();
    }

    @Test
    void blockedGetIsInterruptible() {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread taker = Thread.ofVirtual().start(() -> {
            try {
                queue.get();
            } catch (InterruptedException e) {
                thrown.set(e);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> taker.getState() == Thread.State.WAITING);

        taker.interrupt();

        await().atMost(Duration.ofSeconds(5)).until(() -> thrown.get() != null);
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    }

    @Test
    void addWakesABlockedGet() {
        CompletableFuture<Optional<String>> taken = takeInBackground();
        awaitBlocked();

        queue.add("a");

        assertThat(taken).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(Optional.of("a"));
    }

    @Test
    void realTimeDelayUsesTheSystemScheduler() throws InterruptedException {
        WorkQueue<String> real = WorkQueue.create();
        long start = System.nanoTime();
        real.addAfter("a", Duration.ofMillis(50));

        Optional<String> key = real.poll(Duration.ofSeconds(5));

        assertThat(key).contains("a");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(49));
        real.shutDown();
    }

    @Test
    void rejectsNullKeys() {
        assertThatThrownBy(() -> queue.add(null)).isInstanceOf(NullPointerException.class);
    }

    private CompletableFuture<Optional<String>> takeInBackground() {
        CompletableFuture<Optional<String>> taken = new CompletableFuture<>();
        waiter = Thread.ofVirtual().start(() -> {
            try {
                taken.complete(queue.get());
            } catch (Throwable t) {
                taken.completeExceptionally(t);
            }
        });
        return taken;
    }

    private Thread waiter;

    private void awaitBlocked() {
        await().atMost(Duration.ofSeconds(5)).until(() -> waiter.getState() == Thread.State.WAITING);
    }
}
