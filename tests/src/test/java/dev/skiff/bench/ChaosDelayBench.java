package dev.skiff.bench;

import dev.skiff.api.ObjectMeta;
import dev.skiff.chaos.ChaosMode;
import dev.skiff.chaos.ChaosSelector;
import dev.skiff.chaos.Direction;
import dev.skiff.chaos.NetworkChaos;
import dev.skiff.chaos.NetworkChaosAction;
import dev.skiff.chaos.NetworkChaosSpec;
import dev.skiff.client.Client;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * NetworkChaos delay on a real engine and agent, through the agent's service proxy: inject
 * latency (created → the agent reports it injected; → the first request sent after creation that
 * is delayed) and revert latency (halt → the fault Finished; → the first undelayed answer). A
 * request is sent through the cluster IP every {@value #PERIOD_MS} ms, open loop, so the observed
 * figures resolve to about that period.
 */
final class ChaosDelayBench {
    static final int ROUNDS = 20;
    static final long PERIOD_MS = 10;
    static final long DELAY_MS = 200;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ChaosDelayBench() {}

    /** One request: when it was sent and answered (nanoTime), or answered = -1 if it failed. */
    private record Shot(long sent, long answered) {
        long ms() {
            return (answered - sent) / 1_000_000;
        }
    }

    static void measure(Client client, String ns, URI service) {
        ConcurrentLinkedQueue<Shot> shots = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread load = Thread.ofPlatform().daemon().name("delay-bench-load").start(() -> fire(service, shots, running));
        try {
            ChaosAgentBench.waitFor(() -> shots.stream().anyMatch(s -> s.answered > 0 && s.ms() < 50));
            Stats reported = new Stats(ROUNDS);
            Stats observed = new Stats(ROUNDS);
            Stats finished = new Stats(ROUNDS);
            Stats answered = new Stats(ROUNDS);
            for (int round = 0; round < ROUNDS; round++) {
                String name = "delay-" + round;
                long t0 = System.nanoTime();
                client.create(NetworkChaos.of(ObjectMeta.named(ns, name), spec()));
                ChaosAgentBench.waitFor(() -> injected(client, ns, name));
                reported.add(System.nanoTime() - t0);
                ChaosAgentBench.waitFor(() -> first(shots, t0, true) > 0);
                observed.add(first(shots, t0, true) - t0);
                long t1 = System.nanoTime();
                ChaosAgentBench.halt(client, NetworkChaos.class, ns, name);
                ChaosAgentBench.waitFor(() -> client.require(NetworkChaos.class, ns, name).statusOrNew().ended());
                finished.add(System.nanoTime() - t1);
                ChaosAgentBench.waitFor(() -> first(shots, t1, false) > 0);
                answered.add(first(shots, t1, false) - t1);
                shots.clear();
            }
            ChaosAgentBench.print("delay 200ms: created -> injected", reported);
            ChaosAgentBench.print("delay: created -> a request delayed", observed);
            ChaosAgentBench.print("delay: halt -> fault Finished", finished);
            ChaosAgentBench.print("delay: halt -> undelayed answer", answered);
        } finally {
            running.set(false);
            load.interrupt();
        }
    }

    /**
     * Delayed: the send time of the first request sent after {@code since} that took at least the
     * delay. Undelayed: when the first answer in under 50 ms came after {@code since}. 0 if none yet.
     */
    private static long first(ConcurrentLinkedQueue<Shot> shots, long since, boolean delayed) {
        long best = 0;
        for (Shot s : shots) {
            if (s.answered < 0) continue;
            long at = delayed ? s.sent : s.answered;
            boolean match = delayed ? s.sent > since && s.ms() >= DELAY_MS - 5 : s.answered > since && s.ms() < 50;
            if (match && (best == 0 || at < best)) best = at;
        }
        return best;
    }

    private static void fire(URI service, ConcurrentLinkedQueue<Shot> shots, AtomicBoolean running) {
        HttpRequest req = HttpRequest.newBuilder(service).timeout(Duration.ofSeconds(5)).build();
        long next = System.nanoTime();
        while (running.get()) {
            long sent = System.nanoTime();
            HTTP.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) ->
                    shots.add(new Shot(sent, e == null && r.statusCode() == 200 ? System.nanoTime() : -1)));
            next += PERIOD_MS * 1_000_000;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(Duration.ofNanos(wait));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private static NetworkChaosSpec spec() {
        return new NetworkChaosSpec(NetworkChaosAction.DELAY, new ChaosSelector(null, Map.of("app", "web"), null, null, null, null),
                ChaosMode.ALL, null, null, Direction.TO, null, new NetworkChaosSpec.Delay(DELAY_MS + "ms", null, null), null, null,
                null, true);
    }

    private static boolean injected(Client client, String ns, String name) {
        var s = client.require(NetworkChaos.class, ns, name).statusOrNew();
        return !s.targets().isEmpty() && s.targets().stream().allMatch(t -> t.injectedAt() != null);
    }
}
