package dev.skiff.store.embedded;

import io.etcd.jetcd.api.Event;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer: drains every queued write into one SQLite transaction (group commit), syncs
 * it, then publishes the events in revision order and only then acknowledges the callers. A failed
 * op is rolled back to its savepoint so it is refused whole while its neighbours commit.
 */
final class Writer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Writer.class);
    private static final int MAX_BATCH = 2048;

    private record Pending<T>(WriteOp<T> op, CompletableFuture<T> future, boolean outsideTransaction) {}

    private record Outcome(Pending<?> pending, Object value, RuntimeException error) {}

    private final Connection connection;
    private final Consumer<List<Event>> publisher;
    private final LinkedBlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;
    private volatile long committedRevision;
    private long revision;

    Writer(Connection connection, long startRevision, Consumer<List<Event>> publisher) {
        this.connection = connection;
        this.publisher = publisher;
        this.revision = startRevision;
        this.committedRevision = startRevision;
        this.thread = Thread.ofPlatform().name("skiff-store-writer").daemon().start(this::loop);
    }

    long committedRevision() {
        return committedRevision;
    }

    <T> CompletableFuture<T> submit(WriteOp<T> op) {
        return enqueue(new Pending<>(op, new CompletableFuture<>(), false));
    }

    /** For work SQLite refuses inside a transaction (WAL checkpoints). */
    <T> CompletableFuture<T> submitOutsideTransaction(WriteOp<T> op) {
        return enqueue(new Pending<>(op, new CompletableFuture<>(), true));
    }

    private <T> CompletableFuture<T> enqueue(Pending<T> pending) {
        if (closed) {
            pending.future().completeExceptionally(EtcdError.unavailable("server is stopping"));
        } else {
            queue.add(pending);
        }
        return pending.future();
    }

    private void loop() {
        List<Pending<?>> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            runAll(batch);
            batch.clear();
        }
        failRemaining();
    }

    private void runAll(List<Pending<?>> batch) {
        List<Pending<?>> inTransaction = new ArrayList<>();
        for (Pending<?> p : batch) {
            if (p.outsideTransaction()) {
                commitBatch(inTransaction);
                inTransaction.clear();
                runOutside(p);
            } else {
                inTransaction.add(p);
            }
        }
        commitBatch(inTransaction);
    }

    private void commitBatch(List<Pending<?>> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        List<Event> events = new ArrayList<>();
        long before = revision;
        for (Pending<?> p : batch) {
            outcomes.add(apply(p, events));
        }
        try {
            connection.commit();
        } catch (SQLException e) {
            LOG.error("commit failed; {} writes refused", batch.size(), e);
            rollbackQuietly();
            revision = before;
            StoreFailure failure = new StoreFailure("commit failed: " + e.getMessage(), e);
            batch.forEach(p -> p.future().completeExceptionally(failure));
            return;
        }
        committedRevision = revision;
        if (!events.isEmpty()) {
            publisher.accept(events);
        }
        outcomes.forEach(Writer::complete);
    }

    private Outcome apply(Pending<?> p, List<Event> events) {
        Savepoint savepoint = null;
        try {
            savepoint = connection.setSavepoint();
            WriteContext context = new WriteContext(connection, revision);
            Object value = p.op().apply(context);
            connection.releaseSavepoint(savepoint);
            revision = context.revision();
            events.addAll(context.events());
            return new Outcome(p, value, null);
        } catch (RuntimeException e) {
            rollbackTo(savepoint);
            return new Outcome(p, null, e);
        } catch (SQLException e) {
            rollbackTo(savepoint);
            return new Outcome(p, null, new StoreFailure(e.getMessage(), e));
        }
    }

    private void rollbackTo(Savepoint savepoint) {
        if (savepoint == null) {
            return;
        }
        try {
            connection.rollback(savepoint);
            connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            LOG.warn("rollback to savepoint failed", e);
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.warn("rollback failed", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void complete(Outcome o) {
        CompletableFuture<Object> future = (CompletableFuture<Object>) o.pending().future();
        if (o.error() != null) {
            future.completeExceptionally(o.error());
        } else {
            future.complete(o.value());
        }
    }

    @SuppressWarnings("unchecked")
    private void runOutside(Pending<?> p) {
        CompletableFuture<Object> future = (CompletableFuture<Object>) p.future();
        try {
            connection.setAutoCommit(true);
            try {
                future.complete(p.op().apply(new WriteContext(connection, revision)));
            } finally {
                connection.setAutoCommit(false);
            }
        } catch (RuntimeException | SQLException e) {
            future.completeExceptionally(e);
        }
    }

    private void failRemaining() {
        Pending<?> p;
        while ((p = queue.poll()) != null) {
            p.future().completeExceptionally(EtcdError.unavailable("server is stopping"));
        }
    }

    @Override
    public void close() {
        closed = true;
        // a no-op wakes the loop so it can drain what is queued and exit
        queue.add(new Pending<>(c -> null, new CompletableFuture<>(), false));
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
