package dev.skiff.store;

import java.util.List;

/**
 * {@code succeeded} says which branch ran; {@code revision} is the store revision after the txn
 * (unchanged when the branch only read); {@code results} match the ops of the branch that ran.
 */
public record TxnResult(boolean succeeded, long revision, List<OpResult> results) {
    public TxnResult {
        results = List.copyOf(results);
    }
}
