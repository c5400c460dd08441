package dev.skiff.store.embedded;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes compacted history in small writer batches (so writes keep flowing), then checkpoints the
 * WAL so the files stop growing under churn (kine's 240 GB WAL, k3s#3660). Automatic compaction
 * keeps the newest {@code keepRevisions} revisions or {@code keepAge} of history, whichever is more;
 * the age is judged from revision samples taken at each tick, so nothing extra is written per put.
 */
final class Compactor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Compactor.class);
    private static final long BATCH_REVISIONS = 500;

    private record Sample(long millis, long revision) {}

    private final Backend backend;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("skiff-store-compactor").daemon().factory());
    private final Deque<Sample> samples = new ArrayDeque<>();
    private long removedUpTo;

    Compactor(Backend backend) {
        this.backend = backend;
    }

    /** Removes rows made unreachable by the compaction mark; completes when they are gone. */
    CompletableFuture<Void> removeCompacted() {
        return CompletableFuture.runAsync(this::removeNow, executor);
    }

    /** One automatic-compaction step: sample, pick the revision the window allows, compact to it. */
    CompletableFuture<Void> tick() {
        return CompletableFuture.runAsync(() -> {
            long now = backend.config().clock().millis();
            long current = backend.revision();
            samples.addLast(new Sample(now, current));
            long target = Math.min(current - backend.config().keepRevisions(), revisionAtAge(now));
            if (target > backend.compactRevision()) {
                backend.writer().submit(ctx -> {
                    backend.markCompacted(ctx, target);
                    return null;
                }).join();
                LOG.info("compacted history up to revision {}", target);
            }
            removeNow();
        }, executor);
    }

    /** The newest sampled revision at least keepAge old; 0 while no sample is that old. */
    private long revisionAtAge(long now) {
        long cutoff = now - backend.config().keepAge().toMillis();
        long revision = 0;
        while (!samples.isEmpty() && samples.peekFirst().millis() <= cutoff) {
            revision = samples.pollFirst().revision();
        }
        if (revision > 0) {
            // keep the boundary sample: it stays the answer until a newer one ages past the cutoff
            samples.addFirst(new Sample(cutoff, revision));
        }
        return revision;
    }

    private void removeNow() {
        long mark = backend.compactRevision();
        if (mark <= removedUpTo) {
            return;
        }
        int removed = 0;
        for (long lo = removedUpTo; lo < mark; lo += BATCH_REVISIONS) {
            long from = lo;
            long to = Math.min(mark, lo + BATCH_REVISIONS);
            removed += backend.writer().submit(ctx -> SqliteLog.compact(ctx.connection(), from, to)).join();
        }
        removedUpTo = mark;
        backend.writer().submitOutsideTransaction(ctx -> {
            SqliteLog.checkpoint(ctx.connection());
            return null;
        }).join();
        LOG.debug("removed {} compacted rows up to revision {}", removed, mark);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
