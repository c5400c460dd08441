package dev.skiff.scheduler;

import dev.skiff.api.Pod;
import dev.skiff.client.Client;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Group commit for binds: a bind joins a queue; whoever gets one of a few sending slots sends
 * everything queued as one transaction ({@link Client#updateAllFrom}), each bind still a
 * compare-and-swap on its own pod. While batches are in flight the next ones gather, so under
 * load a round trip carries dozens of binds instead of one; alone, a bind goes at once. Each
 * caller prepares its own bind ({@link Client#prepareBind}: the bound pod, encoded) before it queues,
 * so a batch's sender only sends; several slots, so a batch's round trip overlaps the next one's.
 * The caller gets its own answer: the bound pod, or the exception a single update would throw.
 */
final class BindBatcher {

    private static final class Pending {
        final Client.Prepared<Pod> update;
        final CompletableFuture<Client.Written<Pod>> result = new CompletableFuture<>();

        Pending(Client.Prepared<Pod> update) {
            this.update = update;
        }
    }

    private final Supplier<Client> client;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    /** Batches in flight at once. */
    static final int SENDERS = 4;
    private final Semaphore sending = new Semaphore(SENDERS);

    /** {@code client} is asked for at each batch: the engine hands out its client only while leading. */
    BindBatcher(Supplier<Client> client) {
        this.client = client;
    }

    /** Binds {@code stored} to {@code node} (CAS on its revision), batched with concurrent binds. */
    Pod bind(Pod stored, String node) {
        // prepared here, by each caller at once: one sender preparing a whole batch made every
        // bind of it wait for all the others' encoding before anything was sent
        Pending mine = new Pending(client.get().prepareBind(stored, node));
        queue.add(mine);
        // ours is queued or in a batch on its way: queued, we send it (with whatever else waits)
        while (!mine.result.isDone()) {
            sending.acquireUninterruptibly();
            boolean sent;
            try {
                sent = sendBatch();
            } finally {
                sending.release();
            }
            if (!sent) break; // the queue was empty: another sender has ours
        }
        Client.Written<Pod> r = mine.result.join();
        if (r.error() != null) throw r.error();
        return r.stored();
    }

    private boolean sendBatch() {
        List<Pending> batch = new ArrayList<>();
        Pending p;
        while (batch.size() < Client.MAX_UPDATES_PER_TXN && (p = queue.poll()) != null) batch.add(p);
        if (batch.isEmpty()) return false;
        try {
            List<Client.Written<Pod>> results = client.get().commitPrepared(batch.stream().map(b -> b.update).toList());
            for (int i = 0; i < batch.size(); i++) batch.get(i).result.complete(results.get(i));
        } catch (RuntimeException e) {
            batch.forEach(b -> b.result.complete(new Client.Written<>(null, e))); // not leading, store away: all alike
        } finally {
            // never leave a waiting bind behind, whatever went wrong (the exception only when one
            // is left: building one per bind, stack trace and all, cost a share of every bind)
            for (Pending b : batch) {
                if (!b.result.isDone()) {
                    b.result.complete(new Client.Written<>(null,
                            new IllegalStateException("bind batch of " + batch.size() + " failed")));
                }
            }
        }
        return true;
    }
}
