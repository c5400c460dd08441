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
 * load a round trip carries dozens of binds instead of one; alone, a bind goes at once. Several
 * slots, not one: preparing a batch (admission, JSON) is CPU work that should overlap the store's.
 * The caller gets its own answer: the bound pod, or the exception a single update would throw.
 */
final class BindBatcher {

    private static final class Pending {
        final Client.Update<Pod> update;
        final CompletableFuture<Client.Written<Pod>> result = new CompletableFuture<>();

        Pending(Client.Update<Pod> update) {
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

    /** Writes {@code bound} over {@code stored} (CAS on its revision), batched with concurrent binds. */
    Pod bind(Pod stored, Pod bound) {
        Pending mine = new Pending(new Client.Update<>(stored, bound));
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
            List<Client.Written<Pod>> results = client.get().updateAllFrom(batch.stream().map(b -> b.update).toList());
            for (int i = 0; i < batch.size(); i++) batch.get(i).result.complete(results.get(i));
        } catch (RuntimeException e) {
            batch.forEach(b -> b.result.complete(new Client.Written<>(null, e))); // not leading, store away: all alike
        } finally {
            // never leave a waiting bind behind, whatever went wrong
            batch.forEach(b -> b.result.complete(new Client.Written<>(null,
                    new IllegalStateException("bind batch of " + batch.size() + " failed"))));
        }
        return true;
    }
}
