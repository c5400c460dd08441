package dev.skiff.controller;

import dev.skiff.store.Compare;
import dev.skiff.store.Op;
import dev.skiff.store.OpResult;
import dev.skiff.store.Store;
import dev.skiff.store.Txn;
import dev.skiff.store.TxnResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Proof of one term of leadership: the leader key as this process created it. Adding
 * {@link #compare()} to a write transaction makes the write fail once the term is over — the key
 * expired, or another process re-created it — so a deposed leader that has not noticed yet (a long
 * GC pause, a stalled network) cannot overwrite its successor's work.
 *
 * @param key            the election key, e.g. {@code /skiff/leader}
 * @param createRevision the revision at which this term's leader key was created
 * @param leaseId        the lease the key hangs on
 * @param identity       who holds the term
 */
public record LeaderGuard(String key, long createRevision, long leaseId, String identity) {

    public LeaderGuard {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(identity, "identity");
        if (createRevision <= 0) {
            throw new IllegalArgumentException("a leader key's create revision is positive, got " + createRevision);
        }
    }

    /** Holds only while the leader key is the one this term created. */
    public Compare compare() {
        return Compare.createRevision(key).eq(createRevision);
    }

    /** {@code txn} with this term's compare added to its conditions. */
    public Txn guard(Txn txn) {
        List<Compare> compares = new ArrayList<>(txn.compares());
        compares.add(compare());
        return new Txn(compares, txn.success(), txn.failure());
    }

    /**
     * Runs {@code txn} guarded by this term. A failed result is returned as usual when the caller's
     * own compares failed; when the term itself is over it throws instead.
     *
     * @throws NotLeaderException if this term has ended
     */
    public TxnResult txn(Store store, Txn txn) {
        List<Op> failure = new ArrayList<>(txn.failure());
        failure.add(Op.get(key)); // tells us, in the same round trip, whether our term is over
        Txn guarded = guard(new Txn(txn.compares(), txn.success(), failure));
        TxnResult result = store.txn(guarded);
        if (result.succeeded()) {
            return result;
        }
        List<OpResult> results = result.results();
        OpResult.Get leaderKey = (OpResult.Get) results.getLast();
        boolean stillOurs = leaderKey.kv().map(kv -> kv.createRevision() == createRevision).orElse(false);
        if (!stillOurs) {
            throw new NotLeaderException(identity, key, leaderKey.kv().map(kv -> kv.valueAsString()).orElse(null));
        }
        return new TxnResult(false, result.revision(), results.subList(0, results.size() - 1));
    }
}
