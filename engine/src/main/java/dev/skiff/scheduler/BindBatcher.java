package dev.skiff.scheduler;

import dev.skiff.api.Pod;
import dev.skiff.client.Client;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Group commit for binds: a bind joins a queue; whoever holds the lock sends everything queued as
 * one transaction ({@link Client#updateAllFrom}), each bind still a compare-and-swap on its own
 * pod. While one batch is in flight the next one gathers, so under load a round trip carries
 * dozens of binds instead of one; alone, a bind goes at once. The caller gets its own answer: the
 * bound pod, or the exception a single update would have thrown.
 */
final class BindBatcher {

    private static final class Pending {
        final Client.Update<Pod> update;
        volatile Client.Written<Pod> result;

        Pending(Client.Update<Pod> update) {
            this.update = update;
        }
    }

    private final Supplier<Client> client;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock sending = new ReentrantLock();

    /** {@code client} is asked for at each batch: the engine hands out its client only while leading. */
    BindBatcher(Supplier<Client> client) {
        this.client = client;
    }

    /** Writes {@code bound} over {@code stored} (CAS on its revision), batched with concurrent binds. */
    Pod bind(Pod stored, Pod bound) {
        Pending mine = new Pending(new Client.Update<>(stored, bound));
        queue.add(mine);
        sending.lock();
        try {
            // a batch sent while we waited for the lock may have carried ours already
            while (mine.result == null) sendBatch();
        } finally {
            sending.unlock();
        }
        Client.Written<Pod> r = mine.result;
        if (r.error() != null) throw r.error();
        return r.stored();
    }

    private void sendBatch() {
        List<Pending> batch = new ArrayList<>();
        Pending p;
        while (batch.size() < Client.MAX_UPDATES_PER_TXN && (p = queue.poll()) != null) batch.add(p);
        if (batch.isEmpty()) return;
        List<Client.Written<Pod>> results;
        try {
            results = client.get().updateAllFrom(batch.stream().map(b -> b.update).toList());
        } catch (RuntimeException e) {
            batch.forEach(b -> b.result = new Client.Written<>(null, e)); // not leading, store away: all alike
            return;
        }
        for (int i = 0; i < batch.size(); i++) batch.get(i).result = results.get(i);
    }
}
