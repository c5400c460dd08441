package dev.skiff.controller;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * A controller's counters — the handful controller-runtime exports, without a metrics library.
 * Queue figures are read live from whichever queue the controller currently runs.
 */
public final class ControllerMetrics {

    private final String controller;
    private final Supplier<WorkQueue<Request>> queue;
    private final LongAdder reconciles = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder requeuesAfter = new LongAdder();
    private final LatencyHistogram latency = new LatencyHistogram();
    // queues are replaced on restart; keep totals across them
    private final LongAdder pastAdds = new LongAdder();
    private final LongAdder pastRetries = new LongAdder();

    ControllerMetrics(String controller, Supplier<WorkQueue<Request>> queue) {
        this.controller = controller;
        this.queue = queue;
    }

    void reconciled(Duration took, Result result) {
        reconciles.increment();
        latency.record(took);
        if (result instanceof Result.RequeueAfter) {
            requeuesAfter.increment();
        }
    }

    void failed(Duration took) {
        reconciles.increment();
        errors.increment();
        latency.record(took);
    }

    void retired(WorkQueue<Request> old) {
        pastAdds.add(old.adds());
        pastRetries.add(old.retries());
    }

    public LatencyHistogram latency() {
        return latency;
    }

    public Snapshot snapshot() {
        WorkQueue<Request> q = queue.get();
        return new Snapshot(
                controller,
                q == null ? 0 : q.len(),
                q == null ? 0 : q.waitingLen(),
                pastAdds.sum() + (q == null ? 0 : q.adds()),
                pastRetries.sum() + (q == null ? 0 : q.retries()),
                reconciles.sum(),
                errors.sum(),
                requeuesAfter.sum(),
                latency.quantile(0.5),
                latency.quantile(0.99),
                latency.max());
    }

    /**
     * @param depth       keys ready to reconcile
     * @param waiting     keys waiting for a requeue delay or a retry backoff
     * @param adds        keys added (duplicates collapsed into a pending add are not counted)
     * @param retries     keys re-added with backoff after a failed reconcile
     * @param reconciles  reconcile calls, successful or not
     * @param errors      reconcile calls that threw
     * @param requeues    successful reconciles that asked to be called again later
     */
    public record Snapshot(String controller, int depth, int waiting, long adds, long retries,
                           long reconciles, long errors, long requeues,
                           Duration p50, Duration p99, Duration max) {
    }
}
